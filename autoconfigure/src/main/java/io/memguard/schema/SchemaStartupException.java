package io.memguard.schema;

import java.time.Duration;

/**
 * Thrown when the application must not start because of its schema set-up. Carries the
 * action that {@link SchemaStartupFailureAnalyzer} shows next to the message.
 */
public class SchemaStartupException extends RuntimeException {

	private final String action;

	SchemaStartupException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/**
	 * The fix to suggest.
	 * @return the action, starting with "Consider"
	 */
	public String getAction() {
		return this.action;
	}

	static SchemaStartupException schemaGenerationRefused(String property, String value) {
		return new SchemaStartupException(
				"Schema generation is refused in production: '%s' is set to '%s', which lets Hibernate create, change or drop tables at startup."
					.formatted(property, value),
				"Consider managing the schema with migrations (Flyway in src/main/resources/db/migration, or Liquibase) and setting '%s' to 'validate' or removing it (with Flyway, Memguard then defaults spring.jpa.hibernate.ddl-auto to 'validate' in production)."
					.formatted(property),
				null);
	}

	static SchemaStartupException generateDdlRefused() {
		return new SchemaStartupException(
				"Schema generation is refused in production: 'spring.jpa.generate-ddl' is set to 'true', which with schema generation unset or set to 'none' makes Hibernate update tables at startup.",
				"Consider managing the schema with migrations (Flyway in src/main/resources/db/migration, or Liquibase) and removing 'spring.jpa.generate-ddl' (or setting it to false), or setting spring.jpa.hibernate.ddl-auto to 'validate'.",
				null);
	}

	static SchemaStartupException flywayModuleMissing() {
		return new SchemaStartupException(
				"Flyway (org.flywaydb:flyway-core) is on the class path but Spring Boot's Flyway auto-configuration is not: since Spring Boot 4 it lives in its own module, and without it the migrations would silently never run.",
				"Consider adding the dependency 'org.springframework.boot:spring-boot-flyway' (or 'spring-boot-starter-flyway'), or removing flyway-core, or setting spring.flyway.enabled=false if migrations run elsewhere.",
				null);
	}

	static SchemaStartupException databaseUnavailable(String database, Duration waited, Throwable cause) {
		return new SchemaStartupException(
				"The database %s did not accept connections within %s (memguard.schema.connect-timeout): %s"
					.formatted(database, waited, cause.getMessage()),
				"Consider checking that the database is running and reachable with the configured URL, user and password, or raising memguard.schema.connect-timeout if it starts slowly.",
				cause);
	}

	static SchemaStartupException migrationLocked(int attempts, Duration lockTimeout, Throwable cause) {
		return new SchemaStartupException(
				"A Flyway migration could not get a lock within the lock timeout of %s, %d time(s) in a row; it was rolled back each time (it ran in a transaction)."
					.formatted(lockTimeout, attempts),
				"Consider finding the session that holds the lock (pg_locks, pg_stat_activity; Memguard logs the holders) and ending it, then starting again; or raising memguard.schema.lock-retries or memguard.schema.migration-lock-timeout.",
				cause);
	}

	static SchemaStartupException migrationLeftHalfDone(String migration, Duration lockTimeout, Throwable cause) {
		return new SchemaStartupException(
				"Flyway migration %s ran outside a transaction (CREATE INDEX CONCURRENTLY, or executeInTransaction=false) and timed out waiting for a lock after %s: what it did before the timeout stays, and Flyway recorded it as failed, so it is not retried."
					.formatted(migration, lockTimeout),
				"Consider undoing what the migration left, for example an INVALID index (SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid; then DROP INDEX CONCURRENTLY it), then running 'flyway repair' to remove the failed entry from flyway_schema_history, and starting again when no long transaction writes to the table (or with a larger memguard.schema.migration-lock-timeout).",
				cause);
	}

	static SchemaStartupException pendingMigrations(String versions) {
		return new SchemaStartupException(
				"The database schema is behind the application: migrations %s are pending and memguard.schema.migrate-on-startup is false."
					.formatted(versions),
				"Consider running the migrations first (for example with --memguard.schema.migrate-only=true in a release step or init container), or setting memguard.schema.migrate-on-startup=true.",
				null);
	}

	static SchemaStartupException standby(String database) {
		return new SchemaStartupException(
				"The database %s is a standby (pg_is_in_recovery() is true): migrations cannot run against a read-only replica."
					.formatted(database),
				"Consider pointing spring.datasource.url (or spring.flyway.url) at the primary server.", null);
	}

	static SchemaStartupException migrationsWouldBlock(String findings) {
		return new SchemaStartupException("Memguard refused to apply the pending migrations: " + findings,
				"Consider rewriting each statement the safe way shown under 'instead' (in a new migration if this one already ran elsewhere), or, when it is safe here (a small table, a maintenance window), adding '-- memguard:allow <rule> <reason>' on it; memguard.schema.lint.mode=warn only logs the findings.",
				null);
	}

}
