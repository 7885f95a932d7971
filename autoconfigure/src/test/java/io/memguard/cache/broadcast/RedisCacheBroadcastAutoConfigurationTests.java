package io.memguard.cache.broadcast;

import java.time.Duration;

import io.memguard.cache.MemguardCacheAutoConfiguration;
import io.memguard.test.FailureAnalyses;
import io.memguard.test.redis.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisCacheBroadcastAutoConfiguration}, against a real Redis.
 */
class RedisCacheBroadcastAutoConfigurationTests {

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CacheAutoConfiguration.class,
				MemguardCacheAutoConfiguration.class, RedisCacheBroadcastAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.cache.type=caffeine", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port(), "spring.application.name=orders");

	@Test
	void isAbsentUnlessBroadcastIsRedis() {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=none")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheBroadcastRelay.class));
	}

	@Test
	void isAbsentWithoutSpringDataRedis() {
		this.contextRunner.withPropertyValues("memguard.cache.broadcast=redis")
			.withClassLoader(new FilteredClassLoader(RedisMessageListenerContainer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheBroadcastRelay.class));
	}

	@Test
	void broadcastsOnTheApplicationsChannelAfterCommit() {
		this.contextRunner
			.withPropertyValues("memguard.cache.broadcast=redis", "management.endpoints.web.exposure.include=memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheBroadcastRelay.class)
					.hasSingleBean(CacheBroadcastMemorySection.class);
				CacheInvalidationTransport transport = context.getBean(CacheInvalidationTransport.class);
				assertThat(transport).isInstanceOf(RedisCacheBroadcastTransport.class);
				assertThat(transport.joinsTransaction()).isFalse();
				assertThat(context.getBean(CacheBroadcastRelay.class).joinsTransaction()).isFalse();
				assertThat(transport.describe()).containsEntry("channel", "memguard:{orders}:cache");
				await().atMost(Duration.ofSeconds(10)).until(transport::isConnected);
			});
	}

	@Test
	void startsWhileRedisIsDownAndSubscribesWhenItComesUp() {
		redis.stop();
		try {
			this.contextRunner.withPropertyValues("memguard.cache.broadcast=redis").run((context) -> {
				assertThat(context).hasNotFailed();
				CacheBroadcastRelay relay = context.getBean(CacheBroadcastRelay.class);
				assertThat(relay.statistics().connected()).isFalse();
				redis.start();
				await().atMost(Duration.ofSeconds(30)).until(() -> relay.statistics().connected());
			});
		}
		finally {
			redis.start();
		}
	}

	@Test
	void reportsAHeartbeatIntervalBelowTenMilliseconds() {
		this.contextRunner
			.withPropertyValues("memguard.cache.broadcast=redis", "memguard.cache.redis.heartbeat-interval=1ms")
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.cache.redis.heartbeat-interval=1ms", "memguard.cache.redis.heartbeatInterval",
					"must be at least 10ms"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
