package io.memguard.schema.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the statements of Flyway migrations for PostgreSQL that would block reads or
 * writes of an existing table, rewrite it, or break the running version of the
 * application, each with the lock it takes and the safe recipe. Plain Java: no Spring, no
 * database.
 *
 * <pre class="code">
 * LintReport report = new MigrationLinter(LintOptions.defaults())
 *     .lint(MigrationScripts.fromClasspath("db/migration", classLoader, Naming.FLYWAY_DEFAULTS, UTF_8));
 * </pre>
 *
 * Migrations are read in Flyway's order, so that a later migration knows the column types
 * and validated checks of the earlier ones. Tables created in the same migration are
 * exempt. A statement is allowed by a comment on it:
 * {@code -- memguard:allow <rule> <reason>}.
 */
public final class MigrationLinter {

	private static final Map<String, String> FLYWAY_BUILT_IN_PLACEHOLDERS = Map.of("flyway:defaultSchema", "public",
			"flyway:user", "flyway", "flyway:database", "flyway", "flyway:timestamp", "0", "flyway:workingDirectory",
			".", "flyway:table", "flyway_schema_history", "flyway:environment", "default");

	private final LintOptions options;

	/**
	 * Creates a linter.
	 * @param options how the migrations run
	 */
	public MigrationLinter(LintOptions options) {
		this.options = options;
	}

	/**
	 * Lints the migrations.
	 * @param scripts the migrations, in any order
	 * @return the findings
	 */
	public LintReport lint(List<MigrationScript> scripts) {
		return lint(scripts, (script) -> true);
	}

	/**
	 * Lints the migrations, reporting only some of them (such as the pending ones). All
	 * are read, so that the reported ones know what the earlier ones did.
	 * @param scripts the migrations, in any order
	 * @param reported which migrations to report on
	 * @return the findings
	 */
	public LintReport lint(List<MigrationScript> scripts, Predicate<MigrationScript> reported) {
		List<MigrationScript> ordered = new ArrayList<>(scripts);
		ordered.sort(MigrationScript.FLYWAY_ORDER);
		SchemaState state = new SchemaState();
		List<Finding> findings = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (MigrationScript script : ordered) {
			boolean report = reported.test(script) && isAfterStart(script);
			try {
				String sql = replacePlaceholders(script, report ? problems : new ArrayList<>());
				List<Finding> scriptFindings = new ScriptChecker(script, state, this.options).check(sql);
				if (report) {
					findings.addAll(scriptFindings);
				}
			}
			catch (SqlSyntaxException ex) {
				if (report) {
					problems.add(script.name() + ":" + ex.line() + " " + ex.getMessage());
				}
			}
		}
		return new LintReport(findings, problems, ordered.size());
	}

	private boolean isAfterStart(MigrationScript script) {
		return !script.isVersioned() || this.options.startAfter() == null
				|| MigrationScript.compareVersions(script.version(), this.options.startAfter()) > 0;
	}

	private String replacePlaceholders(MigrationScript script, List<String> problems) {
		String sql = script.sql();
		if (!this.options.placeholderReplacement() || Boolean.FALSE.equals(script.placeholderReplacement())) {
			return sql;
		}
		String prefix = this.options.placeholderPrefix();
		String suffix = this.options.placeholderSuffix();
		StringBuilder replaced = new StringBuilder(sql.length());
		int from = 0;
		int start = sql.indexOf(prefix);
		while (start >= 0) {
			int end = sql.indexOf(suffix, start + prefix.length());
			if (end < 0) {
				break;
			}
			String name = sql.substring(start + prefix.length(), end);
			String value = placeholder(name, script);
			if (value == null) {
				problems.add(script.name() + ":" + (lineOf(sql, start)) + " placeholder " + prefix + name + suffix
						+ " has no value (Flyway fails on it too): pass it to the linter");
				value = name.replaceAll("\\W", "_");
			}
			replaced.append(sql, from, start).append(value);
			from = end + suffix.length();
			start = sql.indexOf(prefix, from);
		}
		return replaced.append(sql.substring(from)).toString();
	}

	private String placeholder(String name, MigrationScript script) {
		String value = this.options.placeholders().get(name);
		if (value == null) {
			value = this.options.placeholders()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}
		if (value == null && name.equals("flyway:filename")) {
			return script.name();
		}
		return (value != null) ? value : FLYWAY_BUILT_IN_PLACEHOLDERS.get(name);
	}

	private static int lineOf(String text, int offset) {
		int line = 1;
		for (int i = 0; i < offset; i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

}
