package io.memguard.cache.broadcast;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.memguard.cache.LocalCacheInvalidator;
import io.memguard.cache.MemguardCacheAutoConfiguration;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration that broadcasts cache invalidations to the other instances of the
 * application over PostgreSQL {@code LISTEN/NOTIFY}, when
 * {@code memguard.cache.broadcast=postgres}.
 */
@AutoConfiguration(after = { MemguardCacheAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "memguard.cache.broadcast", havingValue = "postgres")
@ConditionalOnClass({ PGConnection.class, DataSourceUtils.class, JsonMapper.class })
@ConditionalOnBean({ LocalCacheInvalidator.class, DataSource.class })
@EnableConfigurationProperties(PostgresCacheBroadcastProperties.class)
@Import(CacheBroadcastRelayConfiguration.class)
public final class PostgresCacheBroadcastAutoConfiguration {

	private static final String HIKARI_DATA_SOURCE = "com.zaxxer.hikari.HikariDataSource";

	@Bean
	@ConditionalOnMissingBean
	PostgresListenerConnectionDetails memguardCacheListenerConnectionDetails(
			PostgresCacheBroadcastProperties properties, DataSource dataSource,
			ObjectProvider<JdbcConnectionDetails> jdbcConnectionDetails) {
		PostgresListenerConnectionDetails fromDataSource = fromDataSource(dataSource,
				jdbcConnectionDetails.getIfUnique());
		String url = StringUtils.hasText(properties.getUrl()) ? properties.getUrl()
				: (fromDataSource != null) ? fromDataSource.url() : null;
		if (url == null || !url.startsWith("jdbc:postgresql:")) {
			throw new IllegalStateException("memguard.cache.broadcast=postgres needs a PostgreSQL JDBC URL for its "
					+ "listener connection, but the data source's is "
					+ ((url != null) ? "'" + url + "'"
							: "unknown (it is neither auto-configured nor a HikariDataSource)")
					+ ": set memguard.cache.postgres.url, or memguard.cache.broadcast=none");
		}
		String username = (properties.getUsername() != null) ? properties.getUsername()
				: (fromDataSource != null) ? fromDataSource.username() : null;
		String password = (properties.getPassword() != null) ? properties.getPassword()
				: (fromDataSource != null) ? fromDataSource.password() : null;
		return new PostgresListenerConnectionDetails(url, username, password);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheInvalidationTransport memguardCacheInvalidationTransport(DataSource dataSource,
			PostgresListenerConnectionDetails listenerConnection, PostgresCacheBroadcastProperties properties) {
		return new PostgresCacheBroadcastTransport(dataSource, listenerConnection, properties);
	}

	private static PostgresListenerConnectionDetails fromDataSource(DataSource dataSource,
			JdbcConnectionDetails details) {
		if (details != null) {
			return new PostgresListenerConnectionDetails(details.getJdbcUrl(), details.getUsername(),
					details.getPassword());
		}
		if (ClassUtils.isPresent(HIKARI_DATA_SOURCE, PostgresCacheBroadcastAutoConfiguration.class.getClassLoader())
				&& dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
			return new PostgresListenerConnectionDetails(hikari.getJdbcUrl(), hikari.getUsername(),
					hikari.getPassword());
		}
		return null;
	}

}
