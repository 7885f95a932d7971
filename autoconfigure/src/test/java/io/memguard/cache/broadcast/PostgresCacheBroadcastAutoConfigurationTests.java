package io.memguard.cache.broadcast;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.cache.CacheInvalidationBroadcaster;
import io.memguard.cache.MemguardCacheAutoConfiguration;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

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
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=postgres").run((context) -> {
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

	@Test
	void listenerUrlThatIsNotPostgresFailsWithAnExplanation() {
		this.contextRunner
			.withPropertyValues("memguard.cache.broadcast=postgres", "memguard.cache.postgres.url=jdbc:h2:mem:x")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context.getStartupFailure()).getDescription()).contains("not a PostgreSQL URL");
			});
	}

	@Test
	void channelLongerThanPostgresAllowsFailsWithAnExplanation() {
		this.contextRunner
			.withPropertyValues("memguard.cache.broadcast=postgres",
					"memguard.cache.postgres.channel=" + "c".repeat(64))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context.getStartupFailure()).getAction()).startsWith("Consider");
			});
	}

	@Test
	void failureAnalyzerIsRegistered() {
		// Boot's own analyzers need constructor arguments: skip those that cannot be
		// built.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, ex) -> {
			}))).hasAtLeastOneElementOfType(CacheBroadcastConfigurationFailureAnalyzer.class);
	}

	private static FailureAnalysis analyze(Throwable failure) {
		return new CacheBroadcastConfigurationFailureAnalyzer().analyze(failure);
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
