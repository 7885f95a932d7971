package io.memguard.jdbc;

import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the connection pool hardening. Validated by the binder.
 */
@ConfigurationProperties("memguard.datasource")
public class MemguardDataSourceProperties implements Validator {

	/**
	 * Number of application instances that may hold a full pool at the same time
	 * (replicas plus the rolling-deploy surge), for the startup check of the server's
	 * connection budget.
	 */
	private int expectedInstances = 2;

	/**
	 * Connections kept free on the server for migrations, consoles and monitoring, on top
	 * of the application pools.
	 */
	private int connectionHeadroom = 3;

	/**
	 * Whether to fail startup when the pools of all expected instances need more
	 * connections than the server gives, instead of logging a warning.
	 */
	private boolean failOnOversubscription;

	/**
	 * Whether to turn the pool's auto-commit off when Hibernate is present, so Hibernate
	 * takes a connection only at the first statement of a transaction. Work done outside
	 * a Spring transaction is committed when its connection is closed, as with
	 * auto-commit.
	 */
	private boolean disableAutoCommit = true;

	private final Postgres postgres = new Postgres();

	public int getExpectedInstances() {
		return this.expectedInstances;
	}

	public void setExpectedInstances(int expectedInstances) {
		this.expectedInstances = expectedInstances;
	}

	public int getConnectionHeadroom() {
		return this.connectionHeadroom;
	}

	public void setConnectionHeadroom(int connectionHeadroom) {
		this.connectionHeadroom = connectionHeadroom;
	}

	public boolean isFailOnOversubscription() {
		return this.failOnOversubscription;
	}

	public void setFailOnOversubscription(boolean failOnOversubscription) {
		this.failOnOversubscription = failOnOversubscription;
	}

	public boolean isDisableAutoCommit() {
		return this.disableAutoCommit;
	}

	public void setDisableAutoCommit(boolean disableAutoCommit) {
		this.disableAutoCommit = disableAutoCommit;
	}

	public Postgres getPostgres() {
		return this.postgres;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == MemguardDataSourceProperties.class || type == Postgres.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof MemguardDataSourceProperties) {
			PropertyChecks.rejectUnless(errors, "expectedInstances", this.expectedInstances >= 1, "at least 1");
			PropertyChecks.rejectIfNegative(errors, "connectionHeadroom", this.connectionHeadroom);
		}
		else if (target instanceof Postgres postgres) {
			PropertyChecks.rejectIfNegative(errors, "statementTimeout", postgres.getStatementTimeout());
			PropertyChecks.rejectIfNegative(errors, "lockTimeout", postgres.getLockTimeout());
			PropertyChecks.rejectIfNegative(errors, "idleInTransactionTimeout", postgres.getIdleInTransactionTimeout());
		}
	}

	/**
	 * Server-side limits set on every pooled PostgreSQL connection.
	 */
	public static class Postgres {

		/**
		 * Whether to set the session limits and the application name on PostgreSQL
		 * connections.
		 */
		private boolean sessionLimits = true;

		/**
		 * Longest time one statement may run before the server cancels it. 0 turns the
		 * limit off.
		 */
		private Duration statementTimeout = Duration.ofSeconds(30);

		/**
		 * Longest time a statement waits for a lock before the server cancels it. 0 turns
		 * the limit off.
		 */
		private Duration lockTimeout = Duration.ofSeconds(10);

		/**
		 * Longest time a session may sit idle inside an open transaction before the
		 * server closes it. 0 turns the limit off.
		 */
		private Duration idleInTransactionTimeout = Duration.ofSeconds(60);

		public boolean isSessionLimits() {
			return this.sessionLimits;
		}

		public void setSessionLimits(boolean sessionLimits) {
			this.sessionLimits = sessionLimits;
		}

		public Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

		public Duration getIdleInTransactionTimeout() {
			return this.idleInTransactionTimeout;
		}

		public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
			this.idleInTransactionTimeout = idleInTransactionTimeout;
		}

	}

}
