package io.memguard.cache.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.memguard.cache.CacheInvalidator;
import io.memguard.cache.jpa.CacheTestApplication;
import io.memguard.cache.jpa.Word;
import io.memguard.cache.jpa.WordCatalog;
import io.memguard.cache.jpa.WordRepository;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.test.redis.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of an application (two application contexts with real Hibernate on one
 * real PostgreSQL database) broadcasting cache invalidations over one real Redis with
 * {@code memguard.cache.broadcast=redis}.
 */
class RedisCacheBroadcastTests {

	private static final Duration PATIENCE = BroadcastInstances.PATIENCE;

	private static final String CHANNEL = "memguard:{cache-test}:cache";

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	static ConfigurableApplicationContext instanceA;

	static ConfigurableApplicationContext instanceB;

	@BeforeAll
	static void startTwoInstances() {
		instanceA = start();
		instanceB = start();
		await().atMost(PATIENCE)
			.until(() -> relay(instanceA).statistics().connected() && relay(instanceB).statistics().connected());
	}

	@AfterAll
	static void stopInstances() {
		if (instanceB != null) {
			instanceB.close();
		}
		if (instanceA != null) {
			instanceA.close();
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.NONE)
			.properties(postgres.get().springPropertyMap())
			.properties(redis.springProperties())
			.properties("spring.application.name=cache-test", "spring.flyway.locations=classpath:db/cache-test",
					"spring.jpa.hibernate.ddl-auto=none", "memguard.cache.broadcast=redis",
					"memguard.cache.redis.heartbeat-interval=500ms",
					// with Redis present, Spring Boot would pick a Redis cache manager
					"spring.cache.type=caffeine",
					"memguard.cache.caches.words.invalidate-on=io.memguard.cache.jpa.Word",
					"memguard.cache.caches.plain.maximum-size=100", "management.endpoints.web.exposure.include=memory")
			.run(EmbeddedRedis.AUTO_CONFIGURATION);
	}

	@Test
	void writeOnOneInstanceEvictsTheCachedValueOnTheOther() {
		bean(instanceA, WordRepository.class).save(new Word("apple", "r1"));
		awaitEarlierMessagesOnB();
		assertThat(bean(instanceB, WordCatalog.class).activeWords("r1")).containsExactly("apple");
		bean(instanceA, WordRepository.class).save(new Word("banana", "r1"));
		await().atMost(PATIENCE).until(() -> cached(instanceB, "words", "r1") == null);
		assertThat(bean(instanceB, WordCatalog.class).activeWords("r1")).containsExactly("apple", "banana");
	}

	@Test
	void invalidationIsPublishedAfterCommitAndNotAtAllOnRollback() {
		awaitEarlierMessagesOnB();
		putOnB("plain", "rolled-back-r2");
		putOnB("plain", "committed-r2");
		long sent = relay(instanceA).statistics().sent();
		TransactionTemplate transactionA = bean(instanceA, TransactionTemplate.class);
		transactionA.executeWithoutResult((status) -> {
			bean(instanceA, CacheInvalidator.class).evict("plain", "rolled-back-r2");
			status.setRollbackOnly();
		});
		assertThat(relay(instanceA).statistics().sent()).isEqualTo(sent);
		transactionA.executeWithoutResult((status) -> {
			bean(instanceA, CacheInvalidator.class).evict("plain", "committed-r2");
			LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
			assertThat(relay(instanceA).statistics().sent()).isEqualTo(sent);
			assertThat(cached(instanceB, "plain", "committed-r2")).isNotNull();
		});
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "committed-r2") == null);
		assertThat(cached(instanceB, "plain", "rolled-back-r2")).isNotNull();
	}

	@Test
	void instanceIgnoresItsOwnMessagesButKeepsItsLocalEviction() {
		BroadcastInstances.assertOwnMessagesAreIgnored(instanceA);
	}

	@Test
	void droppedMessageClearsTheCachesInsteadOfLeavingStaleEntries() {
		awaitEarlierMessagesOnB();
		putOnB("plain", "stale-r4");
		putOnB("words", "stale-r4");
		long gaps = relay(instanceB).statistics().gaps();
		String sender = "sender-" + UUID.randomUUID();
		publish(sender + "|1|" + evict("plain", "first-r4"));
		// number 2 is lost on the way
		publish(sender + "|3|" + evict("plain", "third-r4"));
		await().atMost(PATIENCE).until(() -> relay(instanceB).statistics().gaps() > gaps);
		assertThat(cached(instanceB, "plain", "stale-r4")).isNull();
		assertThat(cached(instanceB, "words", "stale-r4")).isNull();

		// a lost last message is revealed by the sender's next heartbeat
		putOnB("plain", "stale-again-r4");
		publish(sender + "|4|" + evict("plain", "fourth-r4"));
		publish(sender + "|5|");
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "stale-again-r4") == null);
		assertThat(relay(instanceB).statistics().gaps()).isEqualTo(gaps + 2);
		assertThat(bean(instanceB, CacheBroadcastMemorySection.class).section(false)).containsEntry("lostMessages", 2L);
	}

	@Test
	void redisRestartClearsEveryCacheOnResubscriptionAndDeliveryResumes() {
		awaitEarlierMessagesOnB();
		long gaps = relay(instanceB).statistics().gaps();
		putOnB("plain", "before-restart");
		redis.stop();
		redis.start();
		await().atMost(PATIENCE)
			.until(() -> relay(instanceB).statistics().gaps() > gaps && relay(instanceB).statistics().connected());
		assertThat(cached(instanceB, "plain", "before-restart")).isNull();
		putOnB("plain", "after-restart");
		await().atMost(PATIENCE).until(() -> {
			// the first evictions may go while A's connection still reconnects
			bean(instanceA, CacheManager.class).getCache("plain").evict("after-restart");
			return cached(instanceB, "plain", "after-restart") == null;
		});
	}

	@Test
	void memorySectionReportsTheRedisTransport() {
		Map<String, Object> section = bean(instanceB, CacheBroadcastMemorySection.class).section(false);
		assertThat(section).containsEntry("connected", true)
			.containsEntry("transport", "redis")
			.containsEntry("channel", CHANNEL)
			.containsKeys("sent", "received", "gaps", "lostMessages", "publishFailures");
	}

	/**
	 * Propagation delay between the two instances, as for the PostgreSQL transport. Run
	 * with {@code -Dmemguard.broadcast.samples=1000} for the figure in BENCHMARKS.md.
	 */
	@Test
	void propagationDelayIsMeasured() {
		int samples = Integer.getInteger("memguard.broadcast.samples", 100);
		System.out.println("Redis propagation over " + samples + " writes: "
				+ BroadcastInstances.propagationDelay(instanceA, instanceB, samples));
	}

	private static String evict(String cache, String key) {
		return "{\"origin\":\"elsewhere\",\"cache\":\"" + cache + "\",\"op\":\"EVICT\",\"keys\":[\"S:" + key + "\"]}";
	}

	private static void publish(String frame) {
		try (RedisConnection connection = bean(instanceA, RedisConnectionFactory.class).getConnection()) {
			connection.publish(CHANNEL.getBytes(StandardCharsets.UTF_8), frame.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static void awaitEarlierMessagesOnB() {
		BroadcastInstances.awaitEarlierMessages(instanceA, instanceB);
	}

	private static void putOnB(String cacheName, Object key) {
		BroadcastInstances.put(instanceB, cacheName, key);
	}

	private static Object cached(ConfigurableApplicationContext instance, String cacheName, Object key) {
		return BroadcastInstances.cached(instance, cacheName, key);
	}

	private static CacheBroadcastRelay relay(ConfigurableApplicationContext instance) {
		return bean(instance, CacheBroadcastRelay.class);
	}

	private static <T> T bean(ConfigurableApplicationContext instance, Class<T> type) {
		return instance.getBean(type);
	}

}
