package io.memguard.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.memguard.schema.lint.LintRule;
import io.memguard.schema.lint.MigrationScript;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the migration linter run before pending Flyway migrations are applied
 * to PostgreSQL. Validates itself: an unknown rule or a malformed version fails startup
 * with the property named.
 */
@ConfigurationProperties("memguard.schema.lint")
public class SchemaLintProperties implements Validator {

	/**
	 * Whether pending migrations are linted before they are applied to PostgreSQL.
	 */
	private boolean enabled = true;

	/**
	 * What a finding does: auto refuses the migration in migrate-only mode (exit 1) and
	 * warns otherwise; warn only logs; fail refuses every startup that would apply it.
	 */
	private Mode mode = Mode.AUTO;

	/**
	 * Rules not reported, by identifier (such as drop-column).
	 */
	private List<String> excludedRules = new ArrayList<>();

	/**
	 * Versioned migrations up to and including this version are not reported (they are
	 * still read, for the column types and checks they declare).
	 */
	private String startAfter;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public List<String> getExcludedRules() {
		return this.excludedRules;
	}

	public void setExcludedRules(List<String> excludedRules) {
		this.excludedRules = excludedRules;
	}

	public String getStartAfter() {
		return this.startAfter;
	}

	public void setStartAfter(String startAfter) {
		this.startAfter = startAfter;
	}

	/**
	 * The excluded rules.
	 * @return the rules, unknown identifiers left out (validation rejects them)
	 */
	public Set<LintRule> excludedRuleSet() {
		return this.excludedRules.stream()
			.map(String::strip)
			.map(LintRule::fromId)
			.flatMap(Optional::stream)
			.collect(Collectors.toSet());
	}

	@Override
	public boolean supports(Class<?> type) {
		return SchemaLintProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		SchemaLintProperties properties = (SchemaLintProperties) target;
		List<String> unknown = properties.getExcludedRules()
			.stream()
			.filter((id) -> LintRule.fromId(id.strip()).isEmpty())
			.toList();
		if (!unknown.isEmpty()) {
			errors.rejectValue("excludedRules", "unknownRule",
					"names no rule: " + unknown + "; the rules are " + Arrays.toString(LintRule.values()));
		}
		if (properties.getStartAfter() != null && !MigrationScript.isVersion(properties.getStartAfter())) {
			errors.rejectValue("startAfter", "notAVersion",
					"must be a Flyway version such as 12 or 2.1, was '" + properties.getStartAfter() + "'");
		}
	}

	/**
	 * What a finding does.
	 */
	public enum Mode {

		/**
		 * Refuse in migrate-only mode, warn otherwise.
		 */
		AUTO,

		/**
		 * Log the findings and apply the migrations.
		 */
		WARN,

		/**
		 * Refuse to apply the migrations: startup fails (exit 1 in migrate-only mode).
		 */
		FAIL

	}

}
