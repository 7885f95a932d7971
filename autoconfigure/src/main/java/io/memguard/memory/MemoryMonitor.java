package io.memguard.memory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds the current memory-pressure level. Readings are taken off the request path (on GC
 * notifications and on a schedule) and published as one immutable {@link MemorySnapshot}
 * in a volatile field, so readers pay a single volatile read.
 */
public class MemoryMonitor {

	private static final Log logger = LogFactory.getLog(MemoryMonitor.class);

	private final MemoryProbe probe;

	private final MemoryThresholds thresholds;

	private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

	private volatile MemorySnapshot snapshot;

	public MemoryMonitor(MemoryProbe probe, MemoryThresholds thresholds) {
		this.probe = probe;
		this.thresholds = thresholds;
		this.snapshot = toSnapshot(MemoryPressureLevel.NORMAL, probe.read());
	}

	/**
	 * The latest snapshot. Cheap: one volatile read, no computation.
	 * @return the latest snapshot
	 */
	public MemorySnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * The current level.
	 * @return the level of the latest snapshot
	 */
	public MemoryPressureLevel level() {
		return this.snapshot.level();
	}

	/**
	 * The thresholds the level is derived with.
	 * @return the thresholds
	 */
	public MemoryThresholds thresholds() {
		return this.thresholds;
	}

	/**
	 * Takes a reading now, derives the level and publishes a transition if there is one.
	 * @return the new snapshot
	 */
	public synchronized MemorySnapshot refresh() {
		MemorySnapshot previous = this.snapshot;
		MemoryReading reading = this.probe.read();
		MemoryPressureLevel level = this.thresholds.next(previous.level(), reading.pressureRatio());
		return publish(previous, toSnapshot(level, reading));
	}

	/**
	 * Moves the level to {@link MemoryPressureLevel#CRITICAL} at once, for example after
	 * an {@link OutOfMemoryError} was seen. The next readings bring it down again once
	 * the pressure is gone.
	 */
	public synchronized void reportOutOfMemory() {
		MemorySnapshot previous = this.snapshot;
		publish(previous, new MemorySnapshot(MemoryPressureLevel.CRITICAL, previous.heapUsedAfterGc(),
				previous.heapMax(), previous.containerUsage(), previous.containerLimit(), System.currentTimeMillis()));
	}

	/**
	 * Registers a listener for level transitions.
	 * @param listener the listener
	 */
	public void addListener(MemoryPressureListener listener) {
		this.listeners.add(listener);
	}

	private MemorySnapshot publish(MemorySnapshot previous, MemorySnapshot next) {
		this.snapshot = next;
		if (previous.level() != next.level()) {
			MemoryPressureChange change = new MemoryPressureChange(previous.level(), next.level(), next);
			logTransition(change);
			for (MemoryPressureListener listener : this.listeners) {
				try {
					listener.onMemoryPressureChange(change);
				}
				catch (RuntimeException ex) {
					logger.warn("Memory pressure listener " + listener + " failed", ex);
				}
			}
		}
		return next;
	}

	private void logTransition(MemoryPressureChange change) {
		MemorySnapshot snapshot = change.snapshot();
		String message = String.format("Memory pressure %s -> %s (live heap after GC %d MB of %d MB, %.0f%%)",
				change.previous(), change.current(), snapshot.heapUsedAfterGc() >> 20, snapshot.heapMax() >> 20,
				snapshot.liveRatio() * 100);
		if (change.isEscalation()) {
			logger.warn(message);
		}
		else {
			logger.info(message);
		}
	}

	private static MemorySnapshot toSnapshot(MemoryPressureLevel level, MemoryReading reading) {
		return new MemorySnapshot(level, reading.heapUsedAfterGc(), reading.heapMax(), reading.containerUsage(),
				reading.containerLimit(), System.currentTimeMillis());
	}

}
