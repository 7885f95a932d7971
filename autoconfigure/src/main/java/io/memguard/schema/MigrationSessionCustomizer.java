package io.memguard.schema;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Gives Flyway its own unpooled connections (same URL and credentials as the data source
 * Spring Boot chose for it, so {@code spring.flyway.url}/{@code user} keep working) with
 * the migration session timeouts, and disables {@code clean} in production.
 */
class MigrationSessionCustomizer implements FlywayConfigurationCustomizer {

	private static final Log logger = LogFactory.getLog(MigrationSessionCustomizer.class);

	private final SchemaProperties properties;

	private final boolean production;

	MigrationSessionCustomizer(SchemaProperties properties, boolean production) {
		this.properties = properties;
		this.production = production;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		DataSource unpooled = unpooled(configuration.getDataSource());
		if (unpooled != null) {
			configuration.dataSource(new MigrationSessionDataSource(unpooled, this.properties.getMigrationLockTimeout(),
					this.properties.getMigrationStatementTimeout()));
		}
		if (this.production) {
			configuration.cleanDisabled(true);
		}
	}

	private DataSource unpooled(DataSource dataSource) {
		if (dataSource == null || dataSource instanceof AbstractDriverBasedDataSource) {
			return dataSource;
		}
		SimpleDriverDataSource unpooled;
		try {
			unpooled = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
		}
		catch (RuntimeException ex) {
			logger.warn("Flyway keeps its data source " + dataSource.getClass().getName()
					+ " (no unpooled copy could be derived from it): the migration session timeouts are not applied. "
					+ "Set spring.flyway.url or spring.flyway.user to give Flyway its own connections.", ex);
			return null;
		}
		// An in-memory database lives only while a connection is open: keep the pool's.
		String driverClass = (unpooled.getDriver() != null) ? unpooled.getDriver().getClass().getName() : null;
		boolean inMemory = EmbeddedDatabaseConnection.isEmbedded(driverClass, unpooled.getUrl());
		return inMemory ? null : unpooled;
	}

}
