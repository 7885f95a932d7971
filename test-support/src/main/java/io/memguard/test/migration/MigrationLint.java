package io.memguard.test.migration;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.memguard.schema.lint.LintOptions;
import io.memguard.schema.lint.LintReport;
import io.memguard.schema.lint.LintRule;
import io.memguard.schema.lint.MigrationLinter;
import io.memguard.schema.lint.MigrationScript;
import io.memguard.schema.lint.MigrationScripts;

/**
 * A test assertion that the application's Flyway migrations cannot lock production: no
 * statement that blocks reads or writes of an existing table, rewrites it, or breaks the
 * running version, unless allowed by a {@code -- memguard:allow <rule> <reason>} comment.
 *
 * <pre class="code">
 * &#64;Test
 * void migrationsAreSafeForProduction() {
 *     MigrationLint.assertMigrationsAreSafe();
 * }
 *
 * // with placeholders, or for a schema history that started before the linter
 * MigrationLint.classpath("db/migration").placeholder("tablespace", "fast").startAfter("41").assertSafe();
 * </pre>
 *
 * By default the migrations are assumed to run through Memguard (at startup or in
 * migrate-only mode), whose migration sessions have a {@code lock_timeout}; call
 * {@link #withoutMemguardSessions()} when another tool applies them, so that scripts must
 * set one themselves.
 */
public final class MigrationLint {

	private final Supplier<List<MigrationScript>> scripts;

	private final String location;

	private final LintOptions options;

	private MigrationLint(String location, Supplier<List<MigrationScript>> scripts, LintOptions options) {
		this.location = location;
		this.scripts = scripts;
		this.options = options;
	}

	/**
	 * Asserts that the migrations in {@code classpath:db/migration} (Flyway's and Spring
	 * Boot's default location) are safe.
	 * @throws AssertionError listing each finding with its lock and recipe
	 */
	public static void assertMigrationsAreSafe() {
		classpath("db/migration").assertSafe();
	}

	/**
	 * The migrations in a class path location, with Flyway's default naming and UTF-8.
	 * @param location the location, such as {@code db/migration}
	 * @return the lint, to configure or assert
	 */
	public static MigrationLint classpath(String location) {
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		return new MigrationLint("classpath:" + location, () -> MigrationScripts.fromClasspath(location, classLoader,
				MigrationScripts.Naming.FLYWAY_DEFAULTS, StandardCharsets.UTF_8), memguardDefaults());
	}

	/**
	 * The migrations in a directory, with Flyway's default naming.
	 * @param directory the directory, such as {@code src/main/resources/db/migration}
	 * @param encoding the encoding of the scripts
	 * @return the lint, to configure or assert
	 */
	public static MigrationLint directory(Path directory, Charset encoding) {
		return new MigrationLint(directory.toString(),
				() -> MigrationScripts.fromDirectory(directory, MigrationScripts.Naming.FLYWAY_DEFAULTS, encoding),
				memguardDefaults());
	}

	private static LintOptions memguardDefaults() {
		return LintOptions.defaults().withSessionLockTimeout(true);
	}

	/**
	 * Gives a Flyway placeholder its value ({@code spring.flyway.placeholders.*}).
	 * @param name the placeholder name
	 * @param value the value used in production
	 * @return the lint
	 */
	public MigrationLint placeholder(String name, String value) {
		return new MigrationLint(this.location, this.scripts, this.options.withPlaceholder(name, value));
	}

	/**
	 * Leaves rules out.
	 * @param ruleIds rule identifiers, such as {@code drop-column}
	 * @return the lint
	 * @throws IllegalArgumentException for an unknown identifier
	 */
	public MigrationLint excludeRules(String... ruleIds) {
		Set<LintRule> rules = EnumSet.noneOf(LintRule.class);
		rules.addAll(this.options.excludedRules());
		for (String id : ruleIds) {
			rules.add(LintRule.fromId(id)
				.orElseThrow(() -> new IllegalArgumentException(
						"No lint rule '" + id + "'; the rules are " + Arrays.toString(LintRule.values()))));
		}
		return new MigrationLint(this.location, this.scripts, this.options.withExcludedRules(rules));
	}

	/**
	 * Reports only versioned migrations after the given version, for migrations already
	 * applied in production before the linter was adopted (their scripts cannot change
	 * any more: Flyway checks their checksums).
	 * @param version the last version not to report, such as {@code 41}
	 * @return the lint
	 */
	public MigrationLint startAfter(String version) {
		return new MigrationLint(this.location, this.scripts, this.options.withStartAfter(version));
	}

	/**
	 * For migrations applied by another tool than Memguard: scripts that take a blocking
	 * lock must set {@code lock_timeout} themselves.
	 * @return the lint
	 */
	public MigrationLint withoutMemguardSessions() {
		return new MigrationLint(this.location, this.scripts, this.options.withSessionLockTimeout(false));
	}

	/**
	 * Lints the migrations.
	 * @return the report
	 */
	public LintReport report() {
		return new MigrationLinter(this.options).lint(this.scripts.get());
	}

	/**
	 * Asserts that the migrations are safe.
	 * @throws AssertionError when a statement would block production, a script cannot be
	 * read, or there is no migration at all (a wrong location)
	 */
	public void assertSafe() {
		LintReport report = report();
		if (report.scriptCount() == 0) {
			throw new AssertionError("No Flyway migration found in " + this.location);
		}
		if (!report.isClean()) {
			throw new AssertionError(
					"Migrations in " + this.location + " are not safe for production.\n" + report.describe());
		}
	}

}
