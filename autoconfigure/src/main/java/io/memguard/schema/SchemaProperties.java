package io.memguard.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for production-safe schema startup. Validated by the binder.
 */
@ConfigurationProperties("memguard.schema")
public class SchemaProperties implements Validator {

	/**
	 * Profiles that mark the application as running in production.
	 */
	private List<String> productionProfiles = new ArrayList<>(List.of("prod", "production"));

	/**
	 * Whether the application runs in production, regardless of the active profiles. When
	 * unset, production is deduced from the production profiles.
	 */
	private Boolean production;

	/**
	 * Whether pending Flyway migrations are applied at startup. When false, startup only
	 * validates the schema and fails if migrations are pending.
	 */
	private boolean migrateOnStartup = true;

	/**
	 * Whether the application only applies the migrations and exits, with status 0 on
	 * success and 1 on failure, without starting a web server.
	 */
	private boolean migrateOnly;

	/**
	 * PostgreSQL lock_timeout of the migration session: how long a migration statement
	 * waits for a lock before failing.
	 */
	private Duration migrationLockTimeout = Duration.ofSeconds(10);

	/**
	 * PostgreSQL statement_timeout of the migration session. Zero disables it.
	 */
	private Duration migrationStatementTimeout = Duration.ofHours(1);

	/**
	 * How many times a migration that failed on a lock timeout is retried.
	 */
	private int lockRetries = 3;

	/**
	 * Wait before the first retry of a migration that failed on a lock timeout, doubled
	 * for each further retry.
	 */
	private Duration lockRetryBackoff = Duration.ofSeconds(5);

	/**
	 * How long startup waits for the database to accept connections before migrating.
	 */
	private Duration connectTimeout = Duration.ofSeconds(60);

	/**
	 * Wait before the first connection retry, doubled for each further retry up to 10
	 * seconds.
	 */
	private Duration connectRetryInterval = Duration.ofMillis(500);

	public List<String> getProductionProfiles() {
		return this.productionProfiles;
	}

	public void setProductionProfiles(List<String> productionProfiles) {
		this.productionProfiles = productionProfiles;
	}

	public Boolean getProduction() {
		return this.production;
	}

	public void setProduction(Boolean production) {
		this.production = production;
	}

	public boolean isMigrateOnStartup() {
		return this.migrateOnStartup;
	}

	public void setMigrateOnStartup(boolean migrateOnStartup) {
		this.migrateOnStartup = migrateOnStartup;
	}

	public boolean isMigrateOnly() {
		return this.migrateOnly;
	}

	public void setMigrateOnly(boolean migrateOnly) {
		this.migrateOnly = migrateOnly;
	}

	public Duration getMigrationLockTimeout() {
		return this.migrationLockTimeout;
	}

	public void setMigrationLockTimeout(Duration migrationLockTimeout) {
		this.migrationLockTimeout = migrationLockTimeout;
	}

	public Duration getMigrationStatementTimeout() {
		return this.migrationStatementTimeout;
	}

	public void setMigrationStatementTimeout(Duration migrationStatementTimeout) {
		this.migrationStatementTimeout = migrationStatementTimeout;
	}

	public int getLockRetries() {
		return this.lockRetries;
	}

	public void setLockRetries(int lockRetries) {
		this.lockRetries = lockRetries;
	}

	public Duration getLockRetryBackoff() {
		return this.lockRetryBackoff;
	}

	public void setLockRetryBackoff(Duration lockRetryBackoff) {
		this.lockRetryBackoff = lockRetryBackoff;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getConnectRetryInterval() {
		return this.connectRetryInterval;
	}

	public void setConnectRetryInterval(Duration connectRetryInterval) {
		this.connectRetryInterval = connectRetryInterval;
	}

	/**
	 * Whether the given environment is a production one: {@code production} when set,
	 * otherwise whether one of the production profiles is active.
	 * @param environment the environment
	 * @return whether it is production
	 */
	public boolean isProductionIn(Environment environment) {
		if (this.production != null) {
			return this.production;
		}
		return !this.productionProfiles.isEmpty()
				&& environment.acceptsProfiles(Profiles.of(this.productionProfiles.toArray(String[]::new)));
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == SchemaProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks.rejectIfNegative(errors, "migrationLockTimeout", this.migrationLockTimeout);
		PropertyChecks.rejectIfNegative(errors, "migrationStatementTimeout", this.migrationStatementTimeout);
		PropertyChecks.rejectIfNegative(errors, "lockRetries", this.lockRetries);
		PropertyChecks.rejectIfNegative(errors, "lockRetryBackoff", this.lockRetryBackoff);
		PropertyChecks.rejectIfNegative(errors, "connectTimeout", this.connectTimeout);
		PropertyChecks.rejectUnless(errors, "connectRetryInterval", this.connectRetryInterval.toMillis() > 0,
				"at least 1ms");
	}

}
