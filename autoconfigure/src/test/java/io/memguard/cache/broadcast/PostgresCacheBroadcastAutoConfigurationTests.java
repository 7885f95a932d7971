package io.memguard.cache.broadcast;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.cache.CacheInvalidationBroadcaster;
import io.memguard.cache.MemguardCacheAutoConfiguration;
import io.memguard.test.FailureAnalyses;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PostgresCacheBroadcastAutoConfiguration}.
 */
class PostgresCacheBroadcastAutoConfigurationTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, CacheAutoConfiguration.class,
				MemguardCacheAutoConfiguration.class, PostgresCacheBroadcastAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues(postgres.get().springProperties())
		.withPropertyValues("memguard.cache.postgres.poll-timeout=1s");

	@Test
	void isAbsentByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CacheInvalidationBroadcaster.class)
			.doesNotHaveBean(CacheInvalidationTransport.class));
	}

	@Test
	void isAbsentWhenBroadcastIsNone() {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=none")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheBroadcastRelay.class));
	}

	@Test
	void broadcastsAndListensWhenBroadcastIsPostgres() {
		this.contextRunner
			.withPropertyValues("memguard.cache.broadcast=postgres", "management.endpoints.web.exposure.include=memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheBroadcastRelay.class)
					.hasSingleBean(PostgresCacheBroadcastTransport.class)
					.hasSingleBean(CacheBroadcastMemorySection.class);
				assertThat(context.getBeansOfType(MemoryEndpointContributor.class))
					.containsKey("memguardCacheBroadcastMemorySection");
				assertThat(context.getBean(PostgresListenerConnectionDetails.class).url())
					.isEqualTo(postgres.get().jdbcUrl());
				assertThat(context.getBean(CacheBroadcastRelay.class).isRunning()).isTrue();
			});
	}

	@Test
	void stoppingDoesNotWaitForTheListenersPollTimeout() {
		this.contextRunner
			.withPropertyValues("memguard.cache.broadcast=postgres", "memguard.cache.postgres.poll-timeout=60s")
			.run((context) -> {
				CacheBroadcastRelay relay = context.getBean(CacheBroadcastRelay.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> relay.statistics().connected());
				long start = System.nanoTime();
				relay.stop();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
				assertThat(relay.statistics().connected()).isFalse();
			});
	}

	@Test
	void isAbsentWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=postgres", "memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheBroadcastRelay.class));
	}

	@Test
	void isAbsentWithoutTheCachesToInvalidate() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, CacheAutoConfiguration.class,
					MemguardCacheAutoConfiguration.class, PostgresCacheBroadcastAutoConfiguration.class))
			.withPropertyValues(postgres.get().springProperties())
			.withPropertyValues("memguard.cache.broadcast=postgres")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheBroadcastRelay.class));
	}

	@Test
	void isAbsentWithoutThePostgresDriver() {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=postgres")
			.withClassLoader(new FilteredClassLoader(PGConnection.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CacheBroadcastRelay.class));
	}

	@Test
	void userTransportReplacesThePostgresOne() {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=postgres")
			.withBean(CacheInvalidationTransport.class, NoTransport::new)
			.run((context) -> assertThat(context).doesNotHaveBean(PostgresCacheBroadcastTransport.class)
				.hasSingleBean(CacheBroadcastRelay.class));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					url=jdbc:h2:mem:x                                                     | url                 | must be a PostgreSQL JDBC URL
					channel=cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc | channel             | must be 1 to 63 bytes long
					poll-timeout=0                                                        | pollTimeout         | must be at least 1ms
					reconnect-backoff-min=-1s                                             | reconnectBackoffMin | must be zero or positive
					reconnect-backoff-max=50ms                                            | reconnectBackoffMax | must be at least
					""")
	void invalidSettingFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=postgres", "memguard.cache.postgres." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.cache.postgres." + setting, "memguard.cache.postgres." + property, reason));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	static class NoTransport implements CacheInvalidationTransport {

		@Override
		public int maxPayloadBytes() {
			return 100;
		}

		@Override
		public void publish(String payload) {
		}

		@Override
		public void subscribe(Consumer<String> payloads, Runnable gap) {
		}

		@Override
		public void unsubscribe() {
		}

		@Override
		public boolean isConnected() {
			return false;
		}

		@Override
		public Map<String, Object> describe() {
			return Map.of();
		}

	}

}
