package io.memguard.web;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.memory.MemoryMonitor;

import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps shedding from blocking its own recovery. The live set after GC is only re-read
 * when a collection runs, and a server that sheds every request stops the allocation that
 * would trigger one, so a level of {@code CRITICAL} could outlive the pressure that
 * caused it. While requests are being shed at {@code CRITICAL}, this checks in the
 * background, at most once per interval, whether any collection ran since its last check;
 * if none did, the reading is stale, and it asks for a full collection
 * ({@code System.gc()}, a no-op under {@code -XX:+DisableExplicitGC}) and refreshes the
 * monitor. Under real pressure collections keep running and it never collects.
 */
public class CriticalRecovery implements DisposableBean {

	private final MemoryMonitor monitor;

	private final long intervalMillis;

	private final AtomicLong nextCheck = new AtomicLong();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "memguard-critical-recovery");
		thread.setDaemon(true);
		return thread;
	});

	private long collectionsAtLastCheck = -1;

	public CriticalRecovery(MemoryMonitor monitor, Duration interval) {
		this.monitor = monitor;
		this.intervalMillis = interval.toMillis();
	}

	/**
	 * Called when a request is shed at {@code CRITICAL}. Cheap: a clock read and, at most
	 * once per interval, a compare-and-set and a task handed to a background thread.
	 */
	public void shedAtCritical() {
		long now = System.currentTimeMillis();
		long next = this.nextCheck.get();
		if (now >= next && this.nextCheck.compareAndSet(next, now + this.intervalMillis)) {
			this.executor.execute(this::check);
		}
	}

	private void check() {
		long collections = totalCollections();
		if (collections == this.collectionsAtLastCheck) {
			System.gc();
			collections = totalCollections();
		}
		this.collectionsAtLastCheck = collections;
		this.monitor.refresh();
	}

	private static long totalCollections() {
		long total = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, collector.getCollectionCount());
		}
		return total;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
