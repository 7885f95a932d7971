package io.memguard.cache.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.memguard.cache.jpa.Word;
import io.memguard.cache.jpa.WordRepository;
import io.memguard.test.Latencies;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the cache test application, a writer and a reader, as the broadcast
 * tests of every transport use them.
 */
final class BroadcastInstances {

	/** How long a message may take on a loaded machine. */
	static final Duration PATIENCE = Duration.ofSeconds(20);

	private BroadcastInstances() {
	}

	/**
	 * Messages of earlier writes (a test's setup, an earlier test) may still be on their
	 * way and would evict what a test caches next: the writer's messages arrive in order,
	 * so once a marker sent now has arrived, every earlier message has too.
	 * @param writer the instance that sends
	 * @param reader the instance that receives
	 */
	static void awaitEarlierMessages(ConfigurableApplicationContext writer, ConfigurableApplicationContext reader) {
		String marker = "marker-" + UUID.randomUUID();
		put(reader, "plain", marker);
		writer.getBean(CacheManager.class).getCache("plain").evict(marker);
		await().atMost(PATIENCE).until(() -> cached(reader, "plain", marker) == null);
	}

	/**
	 * Asserts that an instance ignores its own messages and keeps its local eviction.
	 * @param instance the instance
	 */
	static void assertOwnMessagesAreIgnored(ConfigurableApplicationContext instance) {
		CacheBroadcastRelay relay = instance.getBean(CacheBroadcastRelay.class);
		long ignored = relay.statistics().ignored();
		long received = relay.statistics().received();
		put(instance, "plain", "own");
		instance.getBean(CacheManager.class).getCache("plain").evict("own");
		await().atMost(PATIENCE).until(() -> relay.statistics().ignored() > ignored);
		assertThat(relay.statistics().received()).isEqualTo(received);
		assertThat(cached(instance, "plain", "own")).isNull();
	}

	static void put(ConfigurableApplicationContext instance, String cacheName, Object key) {
		instance.getBean(CacheManager.class).getCache(cacheName).put(key, key.toString());
	}

	static Object cached(ConfigurableApplicationContext instance, String cacheName, Object key) {
		Cache.ValueWrapper wrapper = instance.getBean(CacheManager.class).getCache(cacheName).get(key);
		return (wrapper != null) ? wrapper.get() : null;
	}

	/**
	 * Propagation delay between the two instances: each sample inserts a row on the
	 * writer (its own transaction) and waits until the reader's cached value is gone,
	 * timing from the start of the write and from its commit.
	 * @param writer the instance that writes
	 * @param reader the instance whose cache must be evicted
	 * @param samples how many writes
	 * @return the percentiles from write start and from commit
	 */
	static String propagationDelay(ConfigurableApplicationContext writer, ConfigurableApplicationContext reader,
			int samples) {
		WordRepository repository = writer.getBean(WordRepository.class);
		Cache words = reader.getBean(CacheManager.class).getCache("words");
		List<Long> fromWrite = new ArrayList<>(samples);
		List<Long> fromCommit = new ArrayList<>(samples);
		for (int i = 0; i < samples; i++) {
			words.put("bench", List.of());
			long start = System.nanoTime();
			repository.save(new Word("w" + i, "bench"));
			long committed = System.nanoTime();
			long deadline = start + TimeUnit.SECONDS.toNanos(20);
			while (words.get("bench") != null) {
				assertThat(System.nanoTime()).isLessThan(deadline);
				LockSupport.parkNanos(20_000);
			}
			long evicted = System.nanoTime();
			fromWrite.add(evicted - start);
			fromCommit.add(Math.max(0, evicted - committed));
		}
		return "from write start " + Latencies.percentiles(fromWrite) + "; from commit "
				+ Latencies.percentiles(fromCommit);
	}

}
