package io.memguard.schema.lint;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the linter needs to know about how the migrations run.
 *
 * @param placeholders Flyway placeholder values, by name
 * @param placeholderPrefix the placeholder prefix, {@code ${} by default @param
 * placeholderSuffix the placeholder suffix, <code>}</code> by default
 * @param placeholderReplacement whether placeholders are replaced
 * @param executeInTransaction Flyway's {@code executeInTransaction} default
 * @param excludedRules the rules not to report
 * @param startAfter versioned migrations up to this version (already in production) are
 * read but not reported; {@code null} reports all
 * @param sessionLockTimeout whether the migration session already has a
 * {@code lock_timeout} (Memguard's migration sessions do), so scripts need not set one
 */
public record LintOptions(Map<String, String> placeholders, String placeholderPrefix, String placeholderSuffix,
		boolean placeholderReplacement, boolean executeInTransaction, Set<LintRule> excludedRules, String startAfter,
		boolean sessionLockTimeout) {

	/**
	 * Validates the options.
	 */
	public LintOptions {
		placeholders = Map.copyOf(placeholders);
		excludedRules = excludedRules.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(excludedRules));
		if (startAfter != null && !MigrationScript.isVersion(startAfter)) {
			throw new IllegalArgumentException(
					"startAfter must be a Flyway version such as 12 or 2.1, was '" + startAfter + "'");
		}
	}

	/**
	 * Flyway's defaults, no placeholder values, every rule, and no session
	 * {@code lock_timeout} assumed.
	 * @return the options
	 */
	public static LintOptions defaults() {
		return new LintOptions(Map.of(), "${", "}", true, true, Set.of(), null, false);
	}

	/**
	 * A copy with one more placeholder value.
	 * @param name the placeholder name
	 * @param value its value
	 * @return the options
	 */
	public LintOptions withPlaceholder(String name, String value) {
		Map<String, String> values = new LinkedHashMap<>(this.placeholders);
		values.put(name, value);
		return new LintOptions(values, this.placeholderPrefix, this.placeholderSuffix, this.placeholderReplacement,
				this.executeInTransaction, this.excludedRules, this.startAfter, this.sessionLockTimeout);
	}

	/**
	 * A copy with other placeholder settings.
	 * @param values the placeholder values
	 * @param prefix the prefix
	 * @param suffix the suffix
	 * @param replacement whether placeholders are replaced
	 * @return the options
	 */
	public LintOptions withPlaceholders(Map<String, String> values, String prefix, String suffix, boolean replacement) {
		return new LintOptions(values, prefix, suffix, replacement, this.executeInTransaction, this.excludedRules,
				this.startAfter, this.sessionLockTimeout);
	}

	/**
	 * A copy with another {@code executeInTransaction} default.
	 * @param executeInTransaction whether scripts run in a transaction by default
	 * @return the options
	 */
	public LintOptions withExecuteInTransaction(boolean executeInTransaction) {
		return new LintOptions(this.placeholders, this.placeholderPrefix, this.placeholderSuffix,
				this.placeholderReplacement, executeInTransaction, this.excludedRules, this.startAfter,
				this.sessionLockTimeout);
	}

	/**
	 * A copy that does not report the given rules.
	 * @param rules the rules
	 * @return the options
	 */
	public LintOptions withExcludedRules(Set<LintRule> rules) {
		return new LintOptions(this.placeholders, this.placeholderPrefix, this.placeholderSuffix,
				this.placeholderReplacement, this.executeInTransaction, rules, this.startAfter,
				this.sessionLockTimeout);
	}

	/**
	 * A copy that reports only versioned migrations after the given version (and
	 * repeatable ones).
	 * @param version the last version already in production, or {@code null}
	 * @return the options
	 */
	public LintOptions withStartAfter(String version) {
		return new LintOptions(this.placeholders, this.placeholderPrefix, this.placeholderSuffix,
				this.placeholderReplacement, this.executeInTransaction, this.excludedRules, version,
				this.sessionLockTimeout);
	}

	/**
	 * A copy that knows whether the migration session has a {@code lock_timeout}.
	 * @param sessionLockTimeout whether it has one
	 * @return the options
	 */
	public LintOptions withSessionLockTimeout(boolean sessionLockTimeout) {
		return new LintOptions(this.placeholders, this.placeholderPrefix, this.placeholderSuffix,
				this.placeholderReplacement, this.executeInTransaction, this.excludedRules, this.startAfter,
				sessionLockTimeout);
	}

}
