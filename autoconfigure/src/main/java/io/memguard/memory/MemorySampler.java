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
 * While the level stays {@link MemoryPressureLevel#CRITICAL} and no collection of the
 * whole heap has run for a recovery interval, it also requests a full collection
 * ({@link System#gc()}, a no-op under {@code -XX:+DisableExplicitGC}). Under real
 * pressure collections keep running and it never collects; but shedding stops the
 * allocations that would trigger a collection, and Serial and Parallel only collect the
 * old generation when it fills up, so without this a live set released under pressure
 * could go unnoticed and the level would never come down.
 * <p>
 * When a young collection suggests a higher level that no collection of the whole heap
 * has confirmed, or admission needs to know what requests in flight hold
 * ({@link MemoryMonitor#wantsCollection()}), it requests a full collection at most once
 * per confirmation interval, so that garbage promoted to the old generation does not pass
 * for live data.
 */
class MemorySampler implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(MemorySampler.class);

	private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

	private final MemoryMonitor monitor;

	private final Duration interval;

	private final Duration recoveryGcInterval;

	private final long confirmationGcNanos;

	private final AtomicBoolean refreshPending = new AtomicBoolean();

	private final NotificationListener gcListener = this::onNotification;

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private ScheduledExecutorService executor;

	private volatile long lastCollectionNanos = System.nanoTime();

	private long lastConfirmationNanos = System.nanoTime() - Long.MAX_VALUE / 2;

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
		this(monitor, interval, recoveryGcInterval, Duration.ZERO);
	}

	/**
	 * A sampler that requests collections while the level stays critical and to confirm
	 * what young collections suggest.
	 * @param monitor the monitor to refresh
	 * @param interval how often to refresh between collections
	 * @param recoveryGcInterval least time between two requested collections while
	 * critical, or zero to never request one
	 * @param confirmationGcInterval least time between two collections requested to
	 * confirm a rise, or zero to never request one
	 */
	public MemorySampler(MemoryMonitor monitor, Duration interval, Duration recoveryGcInterval,
			Duration confirmationGcInterval) {
		this.monitor = monitor;
		this.interval = interval;
		this.recoveryGcInterval = recoveryGcInterval;
		this.confirmationGcNanos = Math.max(0, confirmationGcInterval.toNanos());
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
				emitter.addNotificationListener(this.gcListener, null, collector.getName());
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
		// Runs on the JVM's notification thread: note what is held, hand over, nothing
		// else
		if (GC_NOTIFICATION.equals(notification.getType())) {
			if (handback instanceof String collector && JvmMemoryProbe.reportsPausesOnly(collector)) {
				// a concurrent cycle began (or goes on): its figures come with the cycle
				this.monitor.collectionStarted();
				return;
			}
			this.monitor.collectionObserved();
			if (handback instanceof String collector && JvmMemoryProbe.collectsWholeHeap(collector)) {
				this.lastCollectionNanos = System.nanoTime();
			}
			requestRefresh();
		}
	}

	private void sample() {
		this.refreshPending.set(false);
		try {
			this.monitor.refresh();
			confirmIfAwaited();
			collectIfStuckInCritical();
		}
		catch (RuntimeException | Error ex) {
			// A scheduled task that throws is never run again: an OutOfMemoryError while
			// reading a nearly full heap must not end sampling, and with it recovery
			logger.debug("Memory sample failed", ex);
		}
	}

	private void confirmIfAwaited() {
		if (this.confirmationGcNanos == 0 || !this.monitor.wantsCollection()) {
			return;
		}
		long now = System.nanoTime();
		if (now - this.lastConfirmationNanos >= this.confirmationGcNanos) {
			this.lastConfirmationNanos = now;
			logger.debug("Requesting a full collection to confirm a rise, or what requests in flight hold");
			System.gc();
			this.monitor.refresh();
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
