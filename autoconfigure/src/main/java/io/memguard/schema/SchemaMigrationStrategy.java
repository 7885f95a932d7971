package io.memguard.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs Flyway at startup the production-safe way: waits for the database with backoff,
 * refuses to migrate a standby, and retries a migration that timed out on a lock
 * (SQLState {@code 55P03}) with backoff. When migrating on startup is off, only checks
 * that nothing is pending and validates.
 */
class SchemaMigrationStrategy implements FlywayMigrationStrategy {

	private static final Log logger = LogFactory.getLog(SchemaMigrationStrategy.class);

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final Duration MAX_CONNECT_RETRY_INTERVAL = Duration.ofSeconds(10);

	private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

	private final SchemaProperties properties;

	private final Duration progressInterval;

	private final SchemaLintProperties lint;

	/**
	 * Creates a strategy with the given settings and the migration linter off.
	 * @param properties the schema properties
	 */
	public SchemaMigrationStrategy(SchemaProperties properties) {
		this(properties, disabledLint());
	}

	/**
	 * Creates a strategy with the given settings.
	 * @param properties the schema properties
	 * @param lint the migration linter settings
	 */
	public SchemaMigrationStrategy(SchemaProperties properties, SchemaLintProperties lint) {
		this(properties, lint, PROGRESS_INTERVAL);
	}

	SchemaMigrationStrategy(SchemaProperties properties, SchemaLintProperties lint, Duration progressInterval) {
		this.properties = properties;
		this.lint = lint;
		this.progressInterval = progressInterval;
	}

	private static SchemaLintProperties disabledLint() {
		SchemaLintProperties lint = new SchemaLintProperties();
		lint.setEnabled(false);
		return lint;
	}

	@Override
	public void migrate(Flyway flyway) {
		DataSource dataSource = flyway.getConfiguration().getDataSource();
		awaitDatabase(dataSource);
		try {
			PostgresMigrationChecks.check(dataSource, this.properties.isMigrateOnStartup());
		}
		catch (SQLException ex) {
			throw new FlywayException("Startup checks of the database failed", ex);
		}
		if (this.properties.isMigrateOnStartup()) {
			boolean sessionLockTimeout = dataSource instanceof MigrationSessionDataSource
					&& !this.properties.getMigrationLockTimeout().isZero();
			new PendingMigrationLint(this.lint, this.properties.isMigrateOnly(), sessionLockTimeout).check(flyway);
			migrateRetryingOnLockTimeout(flyway, dataSource);
		}
		else {
			validateOnly(flyway);
		}
	}

	private void awaitDatabase(DataSource dataSource) {
		long deadline = System.nanoTime() + this.properties.getConnectTimeout().toNanos();
		Duration interval = this.properties.getConnectRetryInterval();
		for (int attempt = 1;; attempt++) {
			try (Connection connection = dataSource.getConnection()) {
				return;
			}
			catch (SQLException ex) {
				if (System.nanoTime() + interval.toNanos() > deadline) {
					throw SchemaStartupException.databaseUnavailable(describe(dataSource),
							this.properties.getConnectTimeout(), ex);
				}
				logger.info("Database not reachable yet (attempt %d: %s), retrying in %s".formatted(attempt,
						ex.getMessage(), interval));
				sleep(interval);
				interval = min(interval.multipliedBy(2), MAX_CONNECT_RETRY_INTERVAL);
			}
		}
	}

	private void migrateRetryingOnLockTimeout(Flyway flyway, DataSource dataSource) {
		Duration backoff = this.properties.getLockRetryBackoff();
		for (int attempt = 1;; attempt++) {
			try {
				migrateReportingLockHolders(flyway, dataSource);
				return;
			}
			catch (FlywayException ex) {
				if (!isLockTimeout(ex)) {
					throw ex;
				}
				PostgresMigrationChecks.logLockHolders(dataSource);
				MigrationInfo failed = failedMigration(flyway);
				if (failed != null) {
					// a migration run outside a transaction kept what it did before the
					// timeout, and Flyway refuses to run over a failed migration
					throw SchemaStartupException.migrationLeftHalfDone(describe(failed),
							this.properties.getMigrationLockTimeout(), ex);
				}
				if (attempt > this.properties.getLockRetries()) {
					throw SchemaStartupException.migrationLocked(attempt, this.properties.getMigrationLockTimeout(),
							ex);
				}
				logger.warn("Migration timed out waiting for a lock (attempt %d of %d), retrying in %s"
					.formatted(attempt, this.properties.getLockRetries() + 1, backoff));
				sleep(backoff);
				backoff = backoff.multipliedBy(2);
			}
		}
	}

	private void migrateReportingLockHolders(Flyway flyway, DataSource dataSource) {
		long started = System.nanoTime();
		ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "memguard-migration-progress");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.progressInterval.toMillis();
		reporter.scheduleWithFixedDelay(
				() -> PostgresMigrationChecks.logAdvisoryLockHolders(dataSource,
						Duration.ofNanos(System.nanoTime() - started).truncatedTo(ChronoUnit.SECONDS)),
				interval, interval, TimeUnit.MILLISECONDS);
		try {
			flyway.migrate();
		}
		finally {
			reporter.shutdownNow();
		}
	}

	private void validateOnly(Flyway flyway) {
		MigrationInfo[] pending = flyway.info().pending();
		if (pending.length > 0) {
			throw SchemaStartupException.pendingMigrations(
					Arrays.stream(pending).map(SchemaMigrationStrategy::describe).collect(Collectors.joining(", ")));
		}
		flyway.validate();
	}

	private static MigrationInfo failedMigration(Flyway flyway) {
		return Arrays.stream(flyway.info().all())
			.filter((migration) -> migration.getState().isFailed())
			.findFirst()
			.orElse(null);
	}

	private static String describe(MigrationInfo migration) {
		return migration.getVersion() + " (" + migration.getDescription() + ")";
	}

	private static boolean isLockTimeout(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLException sqlException
					&& LOCK_NOT_AVAILABLE.equals(sqlException.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private static String describe(DataSource dataSource) {
		return (dataSource instanceof MigrationSessionDataSource migration) ? migration.describe()
				: dataSource.toString();
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlywayException("Interrupted while waiting to retry", ex);
		}
	}

}
