package io.memguard.schema;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.memguard.schema.lint.LintOptions;
import io.memguard.schema.lint.LintReport;
import io.memguard.schema.lint.MigrationLinter;
import io.memguard.schema.lint.MigrationScript;
import io.memguard.schema.lint.MigrationScripts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Lints the pending SQL migrations of a Flyway about to migrate PostgreSQL, with Flyway's
 * own locations, naming, encoding and placeholders: logs the findings, or refuses to
 * migrate (a {@link SchemaStartupException}) when the mode says so.
 */
class PendingMigrationLint {

	private static final Log logger = LogFactory.getLog(PendingMigrationLint.class);

	private final SchemaLintProperties properties;

	private final boolean refuse;

	private final boolean sessionLockTimeout;

	/**
	 * Creates the check.
	 * @param properties the lint settings
	 * @param migrateOnly whether the application runs in migrate-only mode
	 * @param sessionLockTimeout whether Memguard gives the migration session a
	 * {@code lock_timeout}
	 */
	PendingMigrationLint(SchemaLintProperties properties, boolean migrateOnly, boolean sessionLockTimeout) {
		this.properties = properties;
		this.refuse = switch (properties.getMode()) {
			case FAIL -> true;
			case WARN -> false;
			case AUTO -> migrateOnly;
		};
		this.sessionLockTimeout = sessionLockTimeout;
	}

	/**
	 * Lints what Flyway is about to apply, when the database is PostgreSQL.
	 * @param flyway the Flyway about to migrate
	 */
	void check(Flyway flyway) {
		if (!this.properties.isEnabled() || !isPostgres(flyway.getConfiguration().getDataSource())) {
			return;
		}
		MigrationInfo[] pending = flyway.info().pending();
		if (pending.length == 0) {
			return;
		}
		Set<String> pendingScripts = Arrays.stream(pending)
			.map(MigrationInfo::getScript)
			.map((script) -> Path.of(script).getFileName().toString())
			.collect(Collectors.toSet());
		LintReport report;
		try {
			report = lint(flyway.getConfiguration(), pendingScripts);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not lint the pending migrations; applying them unchecked", ex);
			return;
		}
		report.problems().forEach((problem) -> logger.warn("Migration not linted: " + problem));
		if (report.findings().isEmpty()) {
			return;
		}
		if (this.refuse) {
			throw SchemaStartupException.migrationsWouldBlock(report.describe());
		}
		logger.warn(report.describe() + "\nApplying them anyway (memguard.schema.lint.mode="
				+ this.properties.getMode().name().toLowerCase(Locale.ROOT) + ")");
	}

	LintReport lint(Configuration configuration, Set<String> reportedScripts) {
		LintOptions options = LintOptions.defaults()
			.withPlaceholders(configuration.getPlaceholders(), configuration.getPlaceholderPrefix(),
					configuration.getPlaceholderSuffix(), configuration.isPlaceholderReplacement())
			.withExecuteInTransaction(configuration.isExecuteInTransaction())
			.withExcludedRules(this.properties.excludedRuleSet())
			.withStartAfter(this.properties.getStartAfter())
			.withSessionLockTimeout(this.sessionLockTimeout || setsLockTimeout(configuration.getInitSql()));
		return new MigrationLinter(options).lint(scripts(configuration),
				(script) -> reportedScripts.contains(script.name()));
	}

	private static List<MigrationScript> scripts(Configuration configuration) {
		MigrationScripts.Naming naming = new MigrationScripts.Naming(configuration.getSqlMigrationPrefix(),
				configuration.getRepeatableSqlMigrationPrefix(), configuration.getSqlMigrationSeparator(),
				List.of(configuration.getSqlMigrationSuffixes()));
		Charset encoding = configuration.getEncoding();
		List<MigrationScript> scripts = new ArrayList<>();
		for (Location location : configuration.getLocations()) {
			if (location.isClassPath()) {
				scripts.addAll(MigrationScripts.fromClasspath(location.getRootPath(), configuration.getClassLoader(),
						naming, encoding));
			}
			else if (location.isFileSystem() && Path.of(location.getRootPath()).toFile().isDirectory()) {
				scripts.addAll(MigrationScripts.fromDirectory(Path.of(location.getRootPath()), naming, encoding));
			}
		}
		return scripts;
	}

	private static boolean setsLockTimeout(String initSql) {
		return initSql != null && initSql.toLowerCase(Locale.ROOT).contains("lock_timeout");
	}

	private static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return PostgresMigrationChecks.isPostgres(connection);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
