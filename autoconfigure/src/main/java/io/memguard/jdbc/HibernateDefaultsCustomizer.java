package io.memguard.jdbc;

import java.util.Map;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Hibernate defaults that shorten how long a connection is held, each applied only when
 * the user did not set it (customizers run after {@code spring.jpa.properties.*}).
 */
class HibernateDefaultsCustomizer implements HibernatePropertiesCustomizer {

	/** Rows per JDBC batch: one round trip for many inserts or updates. */
	static final int BATCH_SIZE = 50;

	private final boolean poolDisablesAutoCommit;

	/**
	 * Creates a new instance.
	 * @param poolDisablesAutoCommit whether the pool hands out connections with
	 * auto-commit off; only then may Hibernate skip switching it off itself
	 */
	HibernateDefaultsCustomizer(boolean poolDisablesAutoCommit) {
		this.poolDisablesAutoCommit = poolDisablesAutoCommit;
	}

	@Override
	public void customize(Map<String, Object> hibernateProperties) {
		if (this.poolDisablesAutoCommit) {
			// Hibernate then takes the connection only at the first statement, not at
			// begin
			hibernateProperties.putIfAbsent("hibernate.connection.provider_disables_autocommit", "true");
		}
		hibernateProperties.putIfAbsent("hibernate.jdbc.batch_size", String.valueOf(BATCH_SIZE));
		// Ordering groups statements per table so batches actually form
		hibernateProperties.putIfAbsent("hibernate.order_inserts", "true");
		hibernateProperties.putIfAbsent("hibernate.order_updates", "true");
		// Fewer distinct IN-clause shapes: smaller statement and query plan caches
		hibernateProperties.putIfAbsent("hibernate.query.in_clause_parameter_padding", "true");
	}

}
