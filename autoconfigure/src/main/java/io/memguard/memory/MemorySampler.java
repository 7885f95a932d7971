package io.memguard.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Refreshes the {@link MemoryMonitor} on one daemon thread: after every garbage
 * collection (a GC notification only hands the work over to that thread) and on a
 * schedule in between.
 * <p>
 * While the level stays {@link MemoryPressureLevel#CRITICAL} and no collection has run
 * for a recovery interval, it also requests a full collection ({@link System#gc()}, a
 * no-op under {@code -XX:+DisableExplicitGC}). Under real pressure collections keep
 * running and it never collects; but shedding stops the allocations that would trigger a
 * collection, and Serial and Parallel only collect the old generation when it fills up,
 * so without this a live set released under pressure could go unnoticed and the level
 * would never come down.
 */
public class MemorySampler implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(MemorySampler.class);

	private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

	private final MemoryMonitor monitor;

	private final Duration interval;

	private final Duration recoveryGcInterval;

	private final AtomicBoolean refreshPending = new AtomicBoolean();

	private final NotificationListener gcListener = this::onNotification;

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private ScheduledExecutorService executor;

	private volatile long lastCollectionNanos = System.nanoTime();

	/**
	 * A sampler that never requests a collection.
	 * @param monitor the monitor to refresh
	 * @param interval how often to refresh between collections
	 */
	public MemorySampler(MemoryMonitor monitor, Duration interval) {
		this(monitor, interval, Duration.ZERO);
	}

	/**
	 * A sampler that requests a collection while the level stays critical.
	 * @param monitor the monitor to refresh
	 * @param interval how often to refresh between collections
	 * @param recoveryGcInterval least time between two requested collections while
	 * critical, or zero to never request one
	 */
	public MemorySampler(MemoryMonitor monitor, Duration interval, Duration recoveryGcInterval) {
		this.monitor = monitor;
		this.interval = interval;
		this.recoveryGcInterval = recoveryGcInterval;
	}

	@Override
	public void afterPropertiesSet() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "memguard-memory-sampler");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::sample, millis, millis, TimeUnit.MILLISECONDS);
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this.gcListener, null, null);
				this.emitters.add(emitter);
			}
		}
	}

	/**
	 * Asks for a refresh on the sampler's thread as soon as possible. Requests made while
	 * one is pending are merged into it.
	 */
	public void requestRefresh() {
		if (this.executor != null && this.refreshPending.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::sample);
			}
			catch (RejectedExecutionException ex) {
				// Shut down
			}
		}
	}

	private void onNotification(Notification notification, Object handback) {
		// Runs on the JVM's notification thread: hand over, do nothing else
		if (GC_NOTIFICATION.equals(notification.getType())) {
			this.lastCollectionNanos = System.nanoTime();
			requestRefresh();
		}
	}

	private void sample() {
		this.refreshPending.set(false);
		try {
			this.monitor.refresh();
			collectIfStuckInCritical();
		}
		catch (RuntimeException | Error ex) {
			// A scheduled task that throws is never run again: an OutOfMemoryError while
			// reading a nearly full heap must not end sampling, and with it recovery
			logger.debug("Memory sample failed", ex);
		}
	}

	private void collectIfStuckInCritical() {
		if (this.recoveryGcInterval.isNegative() || this.recoveryGcInterval.isZero()
				|| this.monitor.level() != MemoryPressureLevel.CRITICAL) {
			return;
		}
		long now = System.nanoTime();
		long quietSince = Math.max(this.lastCollectionNanos,
				now - Duration.between(this.monitor.levelSince(), Instant.now()).toNanos());
		if (now - quietSince >= this.recoveryGcInterval.toNanos()) {
			this.lastCollectionNanos = now;
			logger.debug("Still critical: requesting a full collection to measure the live heap");
			System.gc();
			this.monitor.refresh();
		}
	}

	@Override
	public void destroy() {
		for (NotificationEmitter emitter : this.emitters) {
			try {
				emitter.removeNotificationListener(this.gcListener);
			}
			catch (ListenerNotFoundException ex) {
				// Already gone
			}
		}
		this.emitters.clear();
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

}
