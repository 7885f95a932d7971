package io.memguard.jdbc;

/**
 * Thrown at startup when the connection pool would fail silently: a leak detection
 * threshold HikariCP ignores or misreads ({@code spring.datasource.hikari.*}, which
 * Memguard does not bind itself), or pools that need more connections than the database
 * server gives.
 */
class DataSourceConfigurationException extends RuntimeException {

	private final String action;

	/**
	 * Creates a new instance.
	 * @param description what is wrong
	 * @param action how to fix it, starting with "Consider"
	 */
	public DataSourceConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * How to fix the configuration.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
