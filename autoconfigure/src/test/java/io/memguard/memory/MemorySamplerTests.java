package io.memguard.memory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

	@Test
	void scheduleSurvivesAnOutOfMemoryErrorInOneSample() throws InterruptedException {
		AtomicInteger calls = new AtomicInteger();
		Semaphore reads = new Semaphore(0);
		MemoryMonitor monitor = new MemoryMonitor(() -> {
			if (calls.incrementAndGet() == 2) {
				// the first scheduled sample, on a heap too full to read it
				throw new OutOfMemoryError("Java heap space");
			}
			reads.release();
			return new MemoryReading(0, 100, -1, -1);
		}, new MemoryThresholds(0.75, 0.9, 0.05));
		reads.drainPermits();
		MemorySampler sampler = new MemorySampler(monitor, Duration.ofMillis(10));
		sampler.afterPropertiesSet();
		try {
			assertThat(reads.tryAcquire(4, 3, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			sampler.destroy();
		}
	}

}
