package io.memguard.cache.broadcast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.memguard.cache.CacheInvalidation;
import io.memguard.cache.CacheInvalidator;
import io.memguard.cache.jpa.CacheTestApplication;
import io.memguard.cache.jpa.Word;
import io.memguard.cache.jpa.WordCatalog;
import io.memguard.cache.jpa.WordRepository;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of an application (two application contexts with real Hibernate) on one
 * real PostgreSQL database, broadcasting cache invalidations with
 * {@code memguard.cache.broadcast=postgres}. Each test uses its own language or keys so
 * the tests share the two contexts.
 */
class PostgresCacheBroadcastTests {

	private static final Duration PATIENCE = BroadcastInstances.PATIENCE;

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

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
			.properties("spring.flyway.locations=classpath:db/cache-test", "spring.jpa.hibernate.ddl-auto=none",
					"memguard.cache.broadcast=postgres", "memguard.cache.postgres.poll-timeout=1s",
					"memguard.cache.caches.words.invalidate-on=io.memguard.cache.jpa.Word",
					"memguard.cache.caches.word-text.invalidate-on=io.memguard.cache.jpa.Word",
					"memguard.cache.caches.word-text.key=id", "memguard.cache.caches.plain.maximum-size=100",
					"management.endpoints.web.exposure.include=memory")
			.run();
	}

	@Test
	void writeOnOneInstanceEvictsTheCachedValueOnTheOther() {
		bean(instanceA, WordRepository.class).save(new Word("apple", "b1"));
		awaitEarlierMessagesOnB();
		assertThat(bean(instanceB, WordCatalog.class).activeWords("b1")).containsExactly("apple");
		long start = System.nanoTime();
		bean(instanceA, WordRepository.class).save(new Word("banana", "b1"));
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(1))
			.until(() -> cached(instanceB, "words", "b1") == null);
		System.out.printf("Write on A to eviction on B: %.1f ms%n", (System.nanoTime() - start) / 1e6);
		assertThat(bean(instanceB, WordCatalog.class).activeWords("b1")).containsExactly("apple", "banana");
	}

	@Test
	void rolledBackWriteSendsNothing() {
		bean(instanceA, WordRepository.class).save(new Word("apple", "b2"));
		awaitEarlierMessagesOnB();
		assertThat(bean(instanceB, WordCatalog.class).activeWords("b2")).containsExactly("apple");
		long sent = relay(instanceA).statistics().sent();
		bean(instanceA, TransactionTemplate.class).executeWithoutResult((status) -> {
			bean(instanceA, WordRepository.class).saveAndFlush(new Word("banana", "b2"));
			status.setRollbackOnly();
		});
		assertThat(relay(instanceA).statistics().sent()).isEqualTo(sent);
		awaitEarlierMessagesOnB();
		assertThat(cached(instanceB, "words", "b2")).isEqualTo(List.of("apple"));
	}

	@Test
	void notificationRidesOnTheWritingTransactionAndIsDeliveredOnlyAtCommit() {
		awaitEarlierMessagesOnB();
		putOnB("plain", "rolled-back-b3");
		putOnB("plain", "committed-b3");
		TransactionTemplate transactionA = bean(instanceA, TransactionTemplate.class);
		transactionA.executeWithoutResult((status) -> {
			relay(instanceA).broadcast(CacheInvalidation.evict("plain", List.of("rolled-back-b3")));
			status.setRollbackOnly();
		});
		transactionA.executeWithoutResult((status) -> {
			relay(instanceA).broadcast(CacheInvalidation.evict("plain", List.of("committed-b3")));
			LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
			assertThat(cached(instanceB, "plain", "committed-b3")).isNotNull();
		});
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "committed-b3") == null);
		assertThat(cached(instanceB, "plain", "rolled-back-b3")).isNotNull();
	}

	@Test
	void instanceIgnoresItsOwnMessagesButKeepsItsLocalEviction() {
		BroadcastInstances.assertOwnMessagesAreIgnored(instanceA);
	}

	@Test
	void keysOfEveryCarriedTypeRoundTripWithTheirType() {
		Word apple = bean(instanceA, WordRepository.class).save(new Word("apple", "b4"));
		Word pear = bean(instanceA, WordRepository.class).save(new Word("pear", "b4"));
		awaitEarlierMessagesOnB();
		WordCatalog catalogB = bean(instanceB, WordCatalog.class);
		assertThat(catalogB.text(apple.getId())).isEqualTo("apple");
		assertThat(catalogB.text(pear.getId())).isEqualTo("pear");
		bean(instanceA, TransactionTemplate.class)
			.executeWithoutResult((status) -> bean(instanceA, WordRepository.class).findById(apple.getId())
				.orElseThrow()
				.setText("apricot"));
		await().atMost(PATIENCE).until(() -> cached(instanceB, "word-text", apple.getId()) == null);
		assertThat(cached(instanceB, "word-text", pear.getId())).isEqualTo("pear");
		UUID uuid = UUID.randomUUID();
		List<Object> keys = List.of("text-key", 7, 7L, uuid);
		for (Object key : keys) {
			putOnB("plain", key);
		}
		putOnB("plain", "7");
		for (Object key : keys) {
			bean(instanceA, CacheManager.class).getCache("plain").evict(key);
			await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", key) == null);
		}
		assertThat(cached(instanceB, "plain", "7")).isEqualTo("7");
	}

	@Test
	void keysOverThePayloadLimitClearTheWholeCacheInstead() {
		putOnB("plain", "small-b5");
		long degraded = relay(instanceA).statistics().degradedToClear();
		bean(instanceA, CacheManager.class).getCache("plain").evict("x".repeat(9000));
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "small-b5") == null);
		assertThat(relay(instanceA).statistics().degradedToClear()).isEqualTo(degraded + 1);
	}

	@Test
	void malformedMessagesAreIgnoredAndLaterMessagesStillArrive() throws SQLException {
		long malformed = relay(instanceB).statistics().malformed();
		try (Connection connection = postgres.get().unpooledDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("NOTIFY memguard_cache, 'garbage'");
			statement.execute(
					"NOTIFY memguard_cache, '{\"origin\":\"x\",\"cache\":\"plain\",\"op\":\"EVICT\",\"keys\":[\"Q:1\"]}'");
			statement.execute("NOTIFY memguard_cache, '[1,2]'");
		}
		await().atMost(PATIENCE).until(() -> relay(instanceB).statistics().malformed() == malformed + 3);
		assertThat(relay(instanceB).statistics().connected()).isTrue();
		putOnB("plain", "after-garbage");
		bean(instanceA, CacheManager.class).getCache("plain").evict("after-garbage");
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "after-garbage") == null);
	}

	@Test
	void manualClearsOnOneInstanceReachTheOther() {
		putOnB("plain", "manual-b7");
		bean(instanceA, CacheManager.class).getCache("plain").clear();
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "manual-b7") == null);
		bean(instanceA, WordRepository.class).save(new Word("apple", "b7"));
		awaitEarlierMessagesOnB();
		assertThat(bean(instanceB, WordCatalog.class).activeWords("b7")).containsExactly("apple");
		bean(instanceA, CacheInvalidator.class).clear("words");
		await().atMost(PATIENCE).until(() -> cached(instanceB, "words", "b7") == null);
	}

	@Test
	void killedListenerConnectionReconnectsAndClearsEveryCache() throws SQLException {
		PostgresCacheBroadcastTransport transport = bean(instanceB, PostgresCacheBroadcastTransport.class);
		long gaps = relay(instanceB).statistics().gaps();
		Integer pid = transport.getListenerPid();
		assertThat(pid).isNotNull();
		putOnB("plain", "before-kill");
		putOnB("words", "before-kill");
		try (Connection connection = postgres.get().unpooledDataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement("select pg_terminate_backend(?)")) {
			statement.setInt(1, pid);
			statement.execute();
		}
		await().atMost(PATIENCE)
			.until(() -> relay(instanceB).statistics().gaps() > gaps && relay(instanceB).statistics().connected());
		assertThat(transport.getListenerPid()).isNotEqualTo(pid);
		assertThat(cached(instanceB, "plain", "before-kill")).isNull();
		assertThat(cached(instanceB, "words", "before-kill")).isNull();
		putOnB("plain", "after-kill");
		bean(instanceA, CacheManager.class).getCache("plain").evict("after-kill");
		await().atMost(PATIENCE).until(() -> cached(instanceB, "plain", "after-kill") == null);
	}

	@Test
	void memorySectionReportsTheBroadcast() {
		Map<String, Object> section = bean(instanceB, CacheBroadcastMemorySection.class).section(false);
		assertThat(section).containsEntry("connected", true)
			.containsEntry("channel", "memguard_cache")
			.containsEntry("origin", relay(instanceB).getOrigin())
			.containsKeys("sent", "received", "ignored", "malformed", "gaps", "lastGap", "notificationQueueUsage");
	}

	/**
	 * Propagation delay between the two instances: each sample inserts a row on A (its
	 * own transaction) and waits until B's cached value is gone, timing from the start of
	 * the write and from its commit. Run with {@code -Dmemguard.broadcast.samples=1000}
	 * for the figure in BENCHMARKS.md.
	 */
	@Test
	void propagationDelayIsMeasured() {
		int samples = Integer.getInteger("memguard.broadcast.samples", 100);
		System.out.println("Propagation over " + samples + " writes: "
				+ BroadcastInstances.propagationDelay(instanceA, instanceB, samples));
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
