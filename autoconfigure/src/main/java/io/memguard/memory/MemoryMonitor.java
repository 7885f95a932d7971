package io.memguard.memory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds the current memory-pressure level. Readings are taken off the request path (on GC
 * notifications and on a schedule) and published as one immutable {@link MemorySnapshot}
 * in a volatile field, so readers pay a single volatile read.
 * <p>
 * The level follows the live heap after GC (and the container's working set) through the
 * {@link MemoryThresholds}. Optionally, an emergency trip also declares
 * {@link MemoryPressureLevel#CRITICAL} when the heap in use, garbage included, is close
 * to its maximum; but only once confirmed: a collection has run since the spike was first
 * seen, the heap is still that full, and the live heap after that collection is at least
 * at the warning threshold. A heap full of garbage alone never trips it.
 */
public class MemoryMonitor {

	private static final Log logger = LogFactory.getLog(MemoryMonitor.class);

	private final MemoryProbe probe;

	private final MemoryThresholds thresholds;

	private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

	private final double emergencyTripThreshold;

	private volatile MemorySnapshot snapshot;

	private volatile Instant levelSince;

	private long spikeSeenAtGcCount = -1;

	private boolean emergencyTripped;

	/**
	 * A monitor without emergency trip.
	 * @param probe the source of readings
	 * @param thresholds the thresholds to derive the level with
	 */
	public MemoryMonitor(MemoryProbe probe, MemoryThresholds thresholds) {
		this(probe, thresholds, 0);
	}

	/**
	 * A monitor with an emergency trip on the heap in use.
	 * @param probe the source of readings
	 * @param thresholds the thresholds to derive the level with
	 * @param emergencyTripThreshold ratio of heap in use (garbage included) to maximum
	 * heap at which a confirmed spike declares CRITICAL, or {@code 0} for no emergency
	 * trip
	 */
	public MemoryMonitor(MemoryProbe probe, MemoryThresholds thresholds, double emergencyTripThreshold) {
		this.probe = probe;
		this.thresholds = thresholds;
		this.emergencyTripThreshold = emergencyTripThreshold;
		this.snapshot = toSnapshot(MemoryPressureLevel.NORMAL, probe.read());
		this.levelSince = Instant.ofEpochMilli(this.snapshot.takenAtMillis());
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
	 * When the current level was entered.
	 * @return the instant of the last level transition (or of the monitor's creation)
	 */
	public Instant levelSince() {
		return this.levelSince;
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
		if (emergencyTripped(reading)) {
			level = MemoryPressureLevel.CRITICAL;
		}
		return publish(previous, toSnapshot(level, reading));
	}

	/**
	 * The emergency trip threshold.
	 * @return the ratio of heap in use to maximum heap, or {@code 0} when there is no
	 * emergency trip
	 */
	public double emergencyTripThreshold() {
		return this.emergencyTripThreshold;
	}

	private boolean emergencyTripped(MemoryReading reading) {
		if (this.emergencyTripThreshold <= 0 || reading.heapUsed() < 0 || reading.gcCount() < 0) {
			return false;
		}
		double margin = this.emergencyTripped ? this.thresholds.recoveryMargin() : 0;
		if (reading.usedRatio() < this.emergencyTripThreshold - margin) {
			this.emergencyTripped = false;
			this.spikeSeenAtGcCount = -1;
			return false;
		}
		if (!this.emergencyTripped) {
			if (this.spikeSeenAtGcCount < 0) {
				// Maybe only garbage: wait for a collection to tell
				this.spikeSeenAtGcCount = reading.gcCount();
				return false;
			}
			double liveAfterCollection = Math.max(reading.liveRatio(), reading.oldGenerationRatio());
			this.emergencyTripped = reading.gcCount() > this.spikeSeenAtGcCount
					&& liveAfterCollection >= this.thresholds.warning();
			if (this.emergencyTripped) {
				logger
					.warn(String.format("Memory emergency trip: heap in use %.0f%% after a collection left %.0f%% live",
							reading.usedRatio() * 100, liveAfterCollection * 100));
			}
		}
		return this.emergencyTripped;
	}

	/**
	 * Moves the level to {@link MemoryPressureLevel#CRITICAL} at once, for example after
	 * an {@link OutOfMemoryError} was seen. The next readings bring it down again once
	 * the pressure is gone.
	 */
	public synchronized void reportOutOfMemory() {
		MemorySnapshot previous = this.snapshot;
		publish(previous,
				new MemorySnapshot(MemoryPressureLevel.CRITICAL, previous.heapUsedAfterGc(), previous.heapMax(),
						previous.containerUsage(), previous.containerLimit(), System.currentTimeMillis(),
						previous.oldGenerationRatio()));
	}

	/**
	 * Registers a listener for level transitions.
	 * @param listener the listener
	 */
	public void addListener(MemoryPressureListener listener) {
		this.listeners.add(listener);
	}

	private MemorySnapshot publish(MemorySnapshot previous, MemorySnapshot next) {
		boolean transition = previous.level() != next.level();
		if (transition) {
			// Before the snapshot: a reader never pairs the new level with the old start
			this.levelSince = Instant.ofEpochMilli(next.takenAtMillis());
		}
		this.snapshot = next;
		if (transition) {
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
		StringBuilder message = new StringBuilder(
				String.format("Memory pressure %s -> %s (live heap after GC %d MB of %d MB, %.0f%%", change.previous(),
						change.current(), snapshot.heapUsedAfterGc() >> 20, snapshot.heapMax() >> 20,
						snapshot.liveRatio() * 100));
		if (snapshot.oldGenerationRatio() >= 0) {
			message.append(String.format("; old generation %.0f%% full", snapshot.oldGenerationRatio() * 100));
		}
		if (snapshot.containerRatio() >= 0) {
			message.append(String.format("; container %.0f%% of its limit", snapshot.containerRatio() * 100));
		}
		message.append(')');
		if (change.isEscalation()) {
			logger.warn(message);
		}
		else {
			logger.info(message);
		}
	}

	private static MemorySnapshot toSnapshot(MemoryPressureLevel level, MemoryReading reading) {
		return new MemorySnapshot(level, reading.heapUsedAfterGc(), reading.heapMax(), reading.containerUsage(),
				reading.containerLimit(), System.currentTimeMillis(), reading.oldGenerationRatio());
	}

}
