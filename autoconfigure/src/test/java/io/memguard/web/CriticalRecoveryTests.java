package io.memguard.web;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CriticalRecovery}.
 */
class CriticalRecoveryTests {

	@Test
	void aCriticalReadingLeftStaleBySheddingRecoversOnceAGarbageCollectionRuns() throws Exception {
		long collectionsBefore = totalCollections();
		// a probe whose live set only drops once the heap has been collected again
		MemoryMonitor monitor = new MemoryMonitor(
				() -> new MemoryReading((totalCollections() > collectionsBefore) ? 10 : 95, 100, -1, -1),
				new MemoryThresholds(0.75, 0.90, 0.05));
		monitor.refresh();
		assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.CRITICAL);
		CriticalRecovery recovery = new CriticalRecovery(monitor, Duration.ZERO);
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (monitor.level() == MemoryPressureLevel.CRITICAL && System.nanoTime() < deadline) {
				recovery.shedAtCritical();
				Thread.sleep(50);
			}
			assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.NORMAL);
		}
		finally {
			recovery.destroy();
		}
	}

	private static long totalCollections() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionCount)
			.sum();
	}

}
