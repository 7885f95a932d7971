package io.memguard.schema;

import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ClassUtils;

/**
 * Gives Flyway its own unpooled connections (same URL and credentials as the data source
 * Spring Boot chose for it, so {@code spring.flyway.url}/{@code user} keep working) with
 * the migration session timeouts, and disables {@code clean} in production. A HikariCP
 * pool's data source properties (SSL, socket factory, schema) go along with them.
 */
class MigrationSessionCustomizer implements FlywayConfigurationCustomizer {

	private static final Log logger = LogFactory.getLog(MigrationSessionCustomizer.class);

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			MigrationSessionCustomizer.class.getClassLoader());

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
		if (HIKARI_PRESENT) {
			unpooled.setConnectionProperties(hikariDataSourceProperties(dataSource));
		}
		// An in-memory database lives only while a connection is open: keep the pool's.
		String driverClass = (unpooled.getDriver() != null) ? unpooled.getDriver().getClass().getName() : null;
		boolean inMemory = EmbeddedDatabaseConnection.isEmbedded(driverClass, unpooled.getUrl());
		return inMemory ? null : unpooled;
	}

	private static Properties hikariDataSourceProperties(DataSource dataSource) {
		HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
		if (pool == null || pool.getDataSourceProperties().isEmpty()) {
			return null;
		}
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		return properties;
	}

}
