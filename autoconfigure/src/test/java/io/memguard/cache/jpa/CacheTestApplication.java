package io.memguard.cache.jpa;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.cache.CacheInvalidation;
import io.memguard.cache.CacheInvalidationBroadcaster;
import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@SpringBootApplication
@EnableCaching
public class CacheTestApplication {

	@Bean
	RecordingBroadcaster recordingBroadcaster() {
		return new RecordingBroadcaster();
	}

	@Bean
	SettableMemoryProbe settableMemoryProbe() {
		return new SettableMemoryProbe();
	}

	/**
	 * Records each broadcast and whether a transaction was active when it was sent.
	 */
	public static class RecordingBroadcaster implements CacheInvalidationBroadcaster {

		public final List<Broadcast> broadcasts = new CopyOnWriteArrayList<>();

		@Override
		public void broadcast(CacheInvalidation invalidation) {
			this.broadcasts
				.add(new Broadcast(invalidation, TransactionSynchronizationManager.isActualTransactionActive()));
		}

	}

	public record Broadcast(CacheInvalidation invalidation, boolean inTransaction) {
	}

	public static class SettableMemoryProbe implements MemoryProbe {

		public volatile double ratio = 0.1;

		@Override
		public MemoryReading read() {
			long max = 1_000_000;
			return new MemoryReading((long) (max * this.ratio), max, -1, -1);
		}

	}

}
