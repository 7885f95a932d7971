package io.memguard.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.hibernate.SessionFactory;

import io.memguard.actuate.ConditionalOnMemoryEndpoint;
import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.rejection.RequestRejections;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that hardens the HikariCP pool: safe defaults, PostgreSQL session
 * limits, a startup check of the server's connection budget, visible leaks and
 * {@code 503} on pool exhaustion.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, RequestRejectionsAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnClass({ HikariDataSource.class, DataSourceAutoConfiguration.class })
@EnableConfigurationProperties(MemguardDataSourceProperties.class)
public final class MemguardDataSourceAutoConfiguration {

	@Bean
	static DataSourceHardeningPostProcessor memguardDataSourceHardeningPostProcessor(Environment environment) {
		return new DataSourceHardeningPostProcessor(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class PooledDataSourceConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PostgresPoolCheck memguardPostgresPoolCheck(DataSource dataSource, MemguardDataSourceProperties properties,
				ObjectProvider<LiveConnectionBudget> liveBudget) {
			return new PostgresPoolCheck(dataSource, properties, liveBudget.getIfUnique());
		}

		@Bean
		@ConditionalOnMissingBean
		LiveConnectionBudget memguardLiveConnectionBudget(DataSource dataSource,
				MemguardDataSourceProperties properties) {
			HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
			return new LiveConnectionBudget((pool != null) ? pool.getMaximumPoolSize() : -1,
					properties.getConnectionHeadroom());
		}

		@Bean
		@Lazy // only /actuator/memory reads it
		@ConditionalOnMissingBean
		@ConditionalOnMemoryEndpoint
		DataSourceMemorySection memguardDataSourceMemorySection(DataSource dataSource) {
			return new DataSourceMemorySection(dataSource);
		}

		@Bean
		@ConditionalOnMissingBean
		PoolEvictionCleanupStep memguardPoolEvictionCleanupStep(DataSource dataSource) {
			return new PoolEvictionCleanupStep(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class LeakMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConnectionLeakMetrics memguardConnectionLeakMetrics(DataSource dataSource) {
			// a proxy library (p6spy, datasource-proxy) may wrap the pool
			LeakTrackingDataSource tracking = DataSourceUnwrapper.unwrap(dataSource, LeakTrackingDataSource.class);
			return (tracking != null) ? new ConnectionLeakMetrics(tracking) : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SessionFactory.class, HibernatePropertiesCustomizer.class })
	static class HibernateDefaultsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HibernateDefaultsCustomizer memguardHibernateDefaultsCustomizer(ObjectProvider<DataSource> dataSource) {
			DataSource candidate = dataSource.getIfUnique();
			HikariDataSource pool = (candidate != null) ? DataSourceUnwrapper.unwrap(candidate, HikariDataSource.class)
					: null;
			return new HibernateDefaultsCustomizer(pool != null && !pool.isAutoCommit());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(HandlerExceptionResolver.class)
	@ConditionalOnBean(DataSource.class)
	static class DatabaseBusyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DatabaseBusyExceptionResolver memguardDatabaseBusyExceptionResolver(ObjectProvider<DataSource> dataSource,
				ObjectProvider<RequestRejections> rejections) {
			DataSource candidate = dataSource.getIfUnique();
			HikariDataSource pool = (candidate != null) ? DataSourceUnwrapper.unwrap(candidate, HikariDataSource.class)
					: null;
			long timeout = (pool != null) ? pool.getConnectionTimeout() : HikariDefaults.CONNECTION_TIMEOUT.toMillis();
			return new DatabaseBusyExceptionResolver(Duration.ofMillis(Math.max(1000, timeout)),
					rejections.getIfAvailable(RequestRejections::new));
		}

	}

}
