package io.memguard.memory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemorySamplerTests {

	@Test
	void garbageCollectionTriggersARefreshWithoutWaitingForTheSchedule() throws InterruptedException {
		Semaphore reads = new Semaphore(0);
		MemoryMonitor monitor = new MemoryMonitor(() -> {
			reads.release();
			return new MemoryReading(0, 100, -1, -1);
		}, new MemoryThresholds(0.75, 0.9, 0.05));
		reads.drainPermits();
		MemorySampler sampler = new MemorySampler(monitor, Duration.ofHours(1));
		sampler.afterPropertiesSet();
		try {
			System.gc();
			assertThat(reads.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			sampler.destroy();
		}
	}

	@Test
	void scheduleRefreshesTheMonitor() throws InterruptedException {
		Semaphore reads = new Semaphore(0);
		MemoryMonitor monitor = new MemoryMonitor(() -> {
			reads.release();
			return new MemoryReading(0, 100, -1, -1);
		}, new MemoryThresholds(0.75, 0.9, 0.05));
		MemorySampler sampler = new MemorySampler(monitor, Duration.ofMillis(10));
		sampler.afterPropertiesSet();
		try {
			assertThat(reads.tryAcquire(4, 10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			sampler.destroy();
		}
	}

}
