package io.memguard.cache.jpa;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.cache.CacheInvalidation;
import io.memguard.cache.CacheInvalidator;
import io.memguard.cache.LocalCacheInvalidator;
import io.memguard.cache.jpa.CacheTestApplication.Broadcast;
import io.memguard.cache.jpa.CacheTestApplication.RecordingBroadcaster;
import io.memguard.cache.jpa.CacheTestApplication.SettableMemoryProbe;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.test.postgres.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache invalidation end to end: real Hibernate on a real PostgreSQL, Spring's
 * {@code @Cacheable}, and the actuator on a real server. Each test uses its own language
 * so the tests share one context without sharing cache entries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.flyway.locations=classpath:db/cache-test", "spring.jpa.hibernate.ddl-auto=none",
				"memguard.memory.min-dwell=0", "memguard.cache.caches.words.invalidate-on=io.memguard.cache.jpa.Word",
				"memguard.cache.caches.word-text.invalidate-on=io.memguard.cache.jpa.Word",
				"memguard.cache.caches.word-text.key=id", "memguard.cache.caches.plain.maximum-size=100",
				"management.endpoints.web.exposure.include=caches,memory" })
class CacheInvalidationPostgresTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@Autowired
	private WordCatalog catalog;

	@Autowired
	private WordRepository repository;

	@Autowired
	private CacheManager cacheManager;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private RecordingBroadcaster broadcaster;

	@Autowired
	private CacheInvalidator invalidator;

	@Autowired
	private LocalCacheInvalidator localInvalidator;

	@LocalServerPort
	private int port;

	@BeforeEach
	void reset() {
		this.broadcaster.broadcasts.clear();
	}

	@AfterEach
	void releaseReaders() {
		WordCatalog.afterLoad = () -> {
		};
	}

	@Test
	void insertEvictsAfterCommitNotBefore() {
		this.repository.save(new Word("apple", "t1"));
		assertThat(this.catalog.activeWords("t1")).containsExactly("apple");
		this.transaction.executeWithoutResult((status) -> {
			this.repository.saveAndFlush(new Word("banana", "t1"));
			assertThat(cached("words", "t1")).isNotNull();
		});
		assertThat(cached("words", "t1")).isNull();
		assertThat(this.catalog.activeWords("t1")).containsExactly("apple", "banana");
	}

	@Test
	void rollbackEvictsNothing() {
		this.repository.save(new Word("apple", "t2"));
		assertThat(this.catalog.activeWords("t2")).containsExactly("apple");
		this.transaction.executeWithoutResult((status) -> {
			this.repository.saveAndFlush(new Word("banana", "t2"));
			status.setRollbackOnly();
		});
		assertThat(cached("words", "t2")).isEqualTo(List.of("apple"));
	}

	@Test
	void updateAndDeleteEvictAfterCommit() {
		Word word = this.repository.save(new Word("apple", "t3"));
		assertThat(this.catalog.activeWords("t3")).containsExactly("apple");
		this.transaction
			.executeWithoutResult((status) -> this.repository.findById(word.getId()).orElseThrow().setText("apricot"));
		assertThat(this.catalog.activeWords("t3")).containsExactly("apricot");
		this.repository.deleteById(word.getId());
		assertThat(this.catalog.activeWords("t3")).isEmpty();
	}

	@Test
	void transactionManagedByHibernateAloneEvictsAfterItsCommitOnly(@Autowired EntityManagerFactory factory) {
		this.repository.save(new Word("apple", "t12"));
		assertThat(this.catalog.activeWords("t12")).containsExactly("apple");
		EntityManager entityManager = factory.createEntityManager();
		try {
			entityManager.getTransaction().begin();
			entityManager.persist(new Word("banana", "t12"));
			entityManager.flush();
			assertThat(cached("words", "t12")).isNotNull();
			entityManager.getTransaction().rollback();
			assertThat(cached("words", "t12")).isNotNull();
			entityManager.getTransaction().begin();
			entityManager.persist(new Word("cherry", "t12"));
			entityManager.flush();
			assertThat(cached("words", "t12")).isNotNull();
			entityManager.getTransaction().commit();
		}
		finally {
			entityManager.close();
		}
		assertThat(cached("words", "t12")).isNull();
		assertThat(this.catalog.activeWords("t12")).containsExactly("apple", "cherry");
	}

	@Test
	void readerThatLoadedTheOldRowCannotPutItBackAfterTheCommit() throws Exception {
		this.repository.save(new Word("apple", "t4"));
		CountDownLatch loaded = new CountDownLatch(1);
		CountDownLatch resume = new CountDownLatch(1);
		WordCatalog.afterLoad = () -> {
			loaded.countDown();
			await(resume);
		};
		CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> this.catalog.activeWords("t4"));
		await(loaded);
		WordCatalog.afterLoad = () -> {
		};
		this.transaction.executeWithoutResult((status) -> this.repository.save(new Word("banana", "t4")));
		resume.countDown();
		assertThat(reader.get(30, TimeUnit.SECONDS)).containsExactly("apple");
		assertThat(this.catalog.activeWords("t4")).containsExactly("apple", "banana");
	}

	@Test
	void bulkModifyingUpdateEvictsAfterCommit() {
		this.repository.save(new Word("apple", "t5"));
		assertThat(this.catalog.activeWords("t5")).containsExactly("apple");
		assertThat(this.repository.deactivateLanguage("t5")).isOne();
		assertThat(this.catalog.activeWords("t5")).isEmpty();
		assertThat(this.broadcaster.broadcasts).contains(new Broadcast(CacheInvalidation.clear("words"), true));
	}

	@Test
	void keyExpressionEvictsOnlyTheChangedEntry() {
		Word apple = this.repository.save(new Word("apple", "t6"));
		Word pear = this.repository.save(new Word("pear", "t6"));
		assertThat(this.catalog.text(apple.getId())).isEqualTo("apple");
		assertThat(this.catalog.text(pear.getId())).isEqualTo("pear");
		this.transaction
			.executeWithoutResult((status) -> this.repository.findById(apple.getId()).orElseThrow().setText("apricot"));
		assertThat(cached("word-text", apple.getId())).isNull();
		assertThat(cached("word-text", pear.getId())).isEqualTo("pear");
		assertThat(this.catalog.text(apple.getId())).isEqualTo("apricot");
	}

	@Test
	void broadcastIsSentInsideTheWritingTransactionBeforeCommit() {
		Word word = this.transaction.execute((status) -> this.repository.save(new Word("apple", "t7")));
		assertThat(this.broadcaster.broadcasts).containsExactlyInAnyOrder(
				new Broadcast(CacheInvalidation.clear("words"), true),
				new Broadcast(CacheInvalidation.evict("word-text", List.of(word.getId())), true));
	}

	@Test
	void updateFlushedAtCommitIsBroadcastBeforeCommit() {
		Word word = this.repository.save(new Word("apple", "t13"));
		this.broadcaster.broadcasts.clear();
		this.transaction
			.executeWithoutResult((status) -> this.repository.findById(word.getId()).orElseThrow().setText("apricot"));
		assertThat(this.broadcaster.broadcasts).containsExactlyInAnyOrder(
				new Broadcast(CacheInvalidation.clear("words"), true),
				new Broadcast(CacheInvalidation.evict("word-text", List.of(word.getId())), true));
	}

	@Test
	void receivedInvalidationIsAppliedLocallyWithoutBeingSentAgain() {
		this.repository.save(new Word("apple", "t8"));
		this.catalog.activeWords("t8");
		this.broadcaster.broadcasts.clear();
		this.localInvalidator.invalidateLocally(CacheInvalidation.clear("words"));
		assertThat(cached("words", "t8")).isNull();
		this.catalog.plain("x");
		this.localInvalidator.clearAllLocally();
		assertThat(cached("plain", "x")).isNull();
		assertThat(this.broadcaster.broadcasts).isEmpty();
	}

	@Test
	void manualEvictionsReachTheBroadcaster() {
		this.catalog.plain("a");
		this.catalog.evictPlain("a");
		assertThat(cached("plain", "a")).isNull();
		this.catalog.plain("b");
		RestClient.create("http://localhost:" + this.port)
			.delete()
			.uri("/actuator/caches/plain")
			.retrieve()
			.toBodilessEntity();
		assertThat(cached("plain", "b")).isNull();
		assertThat(this.broadcaster.broadcasts).containsExactly(
				new Broadcast(CacheInvalidation.evict("plain", List.of("a")), false),
				new Broadcast(CacheInvalidation.clear("plain"), false));
	}

	@Test
	void programmaticInvalidationOutsideATransactionAppliesAtOnce() {
		this.repository.save(new Word("apple", "t9"));
		this.catalog.activeWords("t9");
		this.broadcaster.broadcasts.clear();
		this.invalidator.clear("words");
		assertThat(cached("words", "t9")).isNull();
		assertThat(this.broadcaster.broadcasts).containsExactly(new Broadcast(CacheInvalidation.clear("words"), false));
	}

	@Test
	void annotatedMethodInvalidatesTheCachesOfTheEntity() {
		Word word = this.repository.save(new Word("apple", "t10"));
		assertThat(this.catalog.text(word.getId())).isEqualTo("apple");
		this.catalog.renameWithJdbc(word.getId(), "apricot");
		assertThat(this.catalog.text(word.getId())).isEqualTo("apricot");
	}

	@Test
	void cachesShrinkUnderPressureAndComeBackAfterIt(@Autowired MemoryMonitor monitor,
			@Autowired SettableMemoryProbe probe) {
		this.repository.save(new Word("apple", "t11"));
		this.catalog.activeWords("t11");
		for (int i = 0; i < 100; i++) {
			this.catalog.plain("key" + i);
		}
		try {
			probe.ratio = 0.8;
			assertThat(monitor.refresh().level()).isEqualTo(MemoryPressureLevel.WARNING);
			nativeCache("plain").cleanUp();
			assertThat(maximum("plain")).isEqualTo(50);
			assertThat(nativeCache("plain").estimatedSize()).isEqualTo(50);
			assertThat(cached("words", "t11")).isNotNull();
			probe.ratio = 0.95;
			assertThat(monitor.refresh().level()).isEqualTo(MemoryPressureLevel.CRITICAL);
			assertThat(cached("words", "t11")).isNull();
			assertThat(nativeCache("plain").estimatedSize()).isEqualTo(50);
		}
		finally {
			probe.ratio = 0.1;
			monitor.refresh();
		}
		assertThat(maximum("plain")).isEqualTo(100);
	}

	@Test
	void memorySectionDescribesEachCache(@Autowired List<MemoryEndpointContributor> sections) {
		this.catalog.plain("z");
		MemoryEndpointContributor section = sections.stream()
			.filter((candidate) -> candidate.sectionName().equals("caches"))
			.findFirst()
			.orElseThrow();
		JsonNode caches = JsonMapper.builder().build().valueToTree(section.section(true));
		assertThat(caches.at("/words/invalidatedBy").toString()).isEqualTo("[\"" + Word.class.getName() + "\"]");
		assertThat(caches.at("/word-text/settings/key").asString()).isEqualTo("id");
		assertThat(caches.at("/plain/settings/maximumSize").asLong()).isEqualTo(100);
		assertThat(caches.at("/plain/size").asLong()).isPositive();
		assertThat(caches.at("/plain/hitRatio").isNumber()).isTrue();
	}

	@Test
	void cacheMetricsCountTheHitsAndMissesOfEachCache(@Autowired MeterRegistry registry) {
		double hits = gets(registry, "plain", "hit");
		double misses = gets(registry, "plain", "miss");
		this.catalog.plain("metrics");
		this.catalog.plain("metrics");
		assertThat(gets(registry, "plain", "miss")).isEqualTo(misses + 1);
		assertThat(gets(registry, "plain", "hit")).isEqualTo(hits + 1);
		this.repository.save(new Word("apple", "t-metrics"));
		this.catalog.activeWords("t-metrics");
		nativeCache("words").cleanUp();
		assertThat(nativeCache("words").estimatedSize()).isPositive();
		assertThat(registry.get("cache.size").tag("cache", "words").gauge().value())
			.isEqualTo(nativeCache("words").estimatedSize());
	}

	private static double gets(MeterRegistry registry, String cache, String result) {
		return registry.get("cache.gets").tags("cache", cache, "result", result).functionCounter().count();
	}

	private Object cached(String cacheName, Object key) {
		Cache.ValueWrapper wrapper = this.cacheManager.getCache(cacheName).get(key);
		return (wrapper != null) ? wrapper.get() : null;
	}

	private com.github.benmanes.caffeine.cache.Cache<Object, Object> nativeCache(String name) {
		return ((CaffeineCache) this.cacheManager.getCache(name)).getNativeCache();
	}

	private long maximum(String name) {
		return nativeCache(name).policy().eviction().orElseThrow().getMaximum();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
