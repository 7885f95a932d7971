package io.memguard.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds the current memory-pressure level. Readings are taken off the request path (on GC
 * notifications and on a schedule) and published as one immutable {@link MemorySnapshot}
 * in a volatile field, so readers pay a single volatile read.
 * <p>
 * The level follows the <em>retained</em> heap (and the container's working set) through
 * the {@link MemoryThresholds}: the live heap after a collection minus what work in
 * flight held then ({@link HeapHeldInFlight}), against the room retained data can fill
 * ({@link MemoryReading#retentionCapacity()}). Memory on loan to admitted requests is not
 * pressure; a leak or a growing cache is.
 * <p>
 * Only a collection of the whole heap tells what is live. A young collection leaves the
 * garbage promoted to the old generation in its figure, so it may lower the retained
 * figure but not raise it: when it suggests a higher level, the monitor
 * {@linkplain #wantsCollection() awaits a confirmation} (the {@link MemorySampler}
 * requests a full collection) and trusts the young figure only when none comes within
 * twice the confirmation interval. A level is left no sooner than a minimum dwell time
 * after it was entered, so it does not flap. Under a concurrent collector (ZGC,
 * Shenandoah) the retained heap is the median of the last five cycles.
 * <p>
 * Optionally, an emergency trip also declares {@link MemoryPressureLevel#CRITICAL} when
 * the heap in use, garbage included, is close to its maximum; but only once confirmed: a
 * collection has run since the spike was first seen, the heap is still that full, and the
 * live heap after that collection is at least at the warning threshold. A heap full of
 * garbage alone never trips it.
 */
public class MemoryMonitor {

	private static final Log logger = LogFactory.getLog(MemoryMonitor.class);

	private static final int CONCURRENT_CYCLES_MEDIAN = 5;

	private final MemoryProbe probe;

	private final MemoryThresholds thresholds;

	private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

	private final double emergencyTripThreshold;

	private final long minDwellNanos;

	private final long confirmationNanos;

	private volatile HeapHeldInFlight heldInFlight = HeapHeldInFlight.NONE;

	private volatile MemorySnapshot snapshot;

	private volatile Instant levelSince;

	private volatile long unconfirmedSinceNanos = -1;

	private volatile HeldAtCollection heldAtLastCollection = HeldAtCollection.UNKNOWN;

	private volatile long releasedAtCycleStart = -1;

	private volatile boolean concurrentCycles;

	private final long[] recentCycles = new long[CONCURRENT_CYCLES_MEDIAN];

	private int recentCycleCount;

	private long levelSinceNanos = System.nanoTime();

	private long lastGcCount;

	private long spikeSeenAtGcCount = -1;

	private boolean emergencyTripped;

	/**
	 * A monitor without emergency trip, dwell time or confirmation: every figure is
	 * trusted as it comes.
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
		this(probe, thresholds, emergencyTripThreshold, Duration.ZERO, Duration.ZERO);
	}

	/**
	 * A monitor with every option.
	 * @param probe the source of readings
	 * @param thresholds the thresholds to derive the level with
	 * @param emergencyTripThreshold ratio of heap in use (garbage included) to maximum
	 * heap at which a confirmed spike declares CRITICAL, or {@code 0} for no emergency
	 * trip
	 * @param minDwell least time a level is held before it steps down
	 * @param confirmationInterval how often a rise only a young collection has shown may
	 * be confirmed by a full collection; zero trusts young collections at once
	 */
	public MemoryMonitor(MemoryProbe probe, MemoryThresholds thresholds, double emergencyTripThreshold,
			Duration minDwell, Duration confirmationInterval) {
		this.probe = probe;
		this.thresholds = thresholds;
		this.emergencyTripThreshold = emergencyTripThreshold;
		this.minDwellNanos = Math.max(0, minDwell.toNanos());
		this.confirmationNanos = Math.max(0, confirmationInterval.toNanos());
		MemoryReading reading = probe.read();
		this.lastGcCount = reading.gcCount();
		this.snapshot = toSnapshot(MemoryPressureLevel.NORMAL, reading, reading.heapUsedAfterGc(), 0);
		this.levelSince = Instant.ofEpochMilli(this.snapshot.takenAtMillis());
	}

	/**
	 * Sets what work in flight holds, to be taken off the live heap.
	 * @param heldInFlight the source of the figure
	 */
	public void setHeldInFlight(HeapHeldInFlight heldInFlight) {
		this.heldInFlight = (heldInFlight != null) ? heldInFlight : HeapHeldInFlight.NONE;
	}

	/**
	 * Notes that a concurrent collector (ZGC, Shenandoah) began a cycle, as its first
	 * pause is reported: what work in flight releases from now on stays in the heap the
	 * cycle reports, as the cycle marks what was live when it began. Cheap, for the JVM's
	 * notification thread.
	 */
	public void collectionStarted() {
		this.concurrentCycles = true;
		if (this.releasedAtCycleStart < 0) {
			this.releasedAtCycleStart = this.heldInFlight.releasedBytes();
		}
	}

	/**
	 * Notes what work in flight holds as a collection is reported, to pair with that
	 * collection's figure when the next refresh reads it: by then requests may have come
	 * and gone. After a concurrent cycle, what work released during the cycle counts as
	 * held too. Tagged with the collection count, as a refresh may read a newer
	 * collection before its notification is handled (one requested with
	 * {@link System#gc()} is read at once): that one is paired with what is held when it
	 * is read, not with this figure. Cheap, for the JVM's notification thread.
	 */
	public void collectionObserved() {
		long collectionCount = this.probe.collectionCount();
		long releasedDuringCycle = (this.releasedAtCycleStart >= 0)
				? Math.max(0, this.heldInFlight.releasedBytes() - this.releasedAtCycleStart) : 0;
		this.releasedAtCycleStart = -1;
		this.heldAtLastCollection = new HeldAtCollection(this.heldInFlight.heldBytes() + releasedDuringCycle,
				collectionCount);
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
	 * Whether a full collection would settle something now: a young collection has
	 * suggested a higher level that a collection of the whole heap has not confirmed yet,
	 * or the estimate of what work in flight holds
	 * {@linkplain HeapHeldInFlight#wantsCollection() wants one}.
	 * @return whether to request a full collection
	 */
	public boolean wantsCollection() {
		return this.unconfirmedSinceNanos >= 0 || this.heldInFlight.wantsCollection();
	}

	/**
	 * Runs a full collection ({@link System#gc()}) and takes a reading after it, so that
	 * the retained heap is measured rather than estimated: once, when the application has
	 * started and before it takes traffic, as what start-up loaded was perhaps not there
	 * at the last collection. A no-op collection under {@code -XX:+DisableExplicitGC}.
	 * @return the new snapshot
	 */
	public MemorySnapshot refreshAfterFullCollection() {
		System.gc();
		return refresh();
	}

	/**
	 * Takes a reading now, derives the level and publishes a transition if there is one.
	 * @return the new snapshot
	 */
	public synchronized MemorySnapshot refresh() {
		MemorySnapshot previous = this.snapshot;
		MemoryReading reading = this.probe.read();
		boolean collected = reading.gcCount() < 0 || reading.gcCount() != this.lastGcCount
				|| reading.heapUsedAfterGc() != previous.heapUsedAfterGc();
		this.lastGcCount = reading.gcCount();
		long held;
		long retained;
		if (collected) {
			held = Math.max(0,
					this.heldInFlight.reconcile(new HeapAfterCollection(reading.heapUsedAfterGc(),
							reading.afterMajorCollection(), previous.retainedBytes(), reading.retentionCapacity(),
							this.heldAtLastCollection.pairedWith(reading.gcCount()))));
			retained = retainedAfterCollection(previous, reading, held);
			if (this.concurrentCycles) {
				retained = medianOfRecentCycles(retained);
			}
			if (logger.isDebugEnabled()) {
				logger.debug(
						String.format(
								"Collection (%s): %d MB used after it, %d MB held by work in flight, %d MB "
										+ "retained",
								reading.afterMajorCollection() ? "whole heap" : "young",
								reading.heapUsedAfterGc() >> 20, held >> 20, retained >> 20));
			}
		}
		else {
			held = Math.max(0, this.heldInFlight.heldBytes());
			retained = previous.retainedBytes();
		}
		MemoryPressureLevel level = levelFor(previous.level(), retained, reading);
		if (level.compareTo(previous.level()) < 0 && System.nanoTime() - this.levelSinceNanos < this.minDwellNanos) {
			level = previous.level();
		}
		if (emergencyTripped(reading)) {
			level = MemoryPressureLevel.CRITICAL;
		}
		return publish(previous, toSnapshot(level, reading, retained, held));
	}

	/**
	 * The median retained heap of the last few concurrent cycles, this one included. What
	 * a concurrent cycle reports depends on how much was allocated while it ran, and what
	 * work in flight held is paired with it only approximately: one cycle's figure may be
	 * tens of megabytes off either way, and a single one must not move the budget or the
	 * level. Such cycles come every second or so while memory is in demand, so the median
	 * follows a real rise within a few.
	 */
	private long medianOfRecentCycles(long retained) {
		this.recentCycles[this.recentCycleCount % CONCURRENT_CYCLES_MEDIAN] = retained;
		this.recentCycleCount++;
		long[] recent = Arrays.copyOf(this.recentCycles, Math.min(this.recentCycleCount, CONCURRENT_CYCLES_MEDIAN));
		Arrays.sort(recent);
		return recent[recent.length / 2];
	}

	private long retainedAfterCollection(MemorySnapshot previous, MemoryReading reading, long held) {
		long heldOff = Math.max(0, reading.heapUsedAfterGc() - held);
		if (reading.afterMajorCollection() || this.confirmationNanos == 0) {
			this.unconfirmedSinceNanos = -1;
			return heldOff;
		}
		// A young collection bounds the live heap from above only
		long bounded = Math.min(previous.retainedBytes(), reading.heapUsedAfterGc());
		if (levelFor(previous.level(), heldOff, reading).compareTo(levelFor(previous.level(), bounded, reading)) <= 0) {
			this.unconfirmedSinceNanos = -1;
			return bounded;
		}
		long now = System.nanoTime();
		if (this.unconfirmedSinceNanos < 0) {
			this.unconfirmedSinceNanos = now;
		}
		else if (now - this.unconfirmedSinceNanos >= 2 * this.confirmationNanos) {
			// No full collection came (explicit GC disabled?): trust the young one
			this.unconfirmedSinceNanos = -1;
			return heldOff;
		}
		return bounded;
	}

	private MemoryPressureLevel levelFor(MemoryPressureLevel current, long retained, MemoryReading reading) {
		long capacity = reading.retentionCapacity();
		double retainedRatio = (capacity > 0) ? (double) retained / capacity : 0;
		return this.thresholds.next(current, Math.max(retainedRatio, reading.containerRatio()));
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
	 * an {@link OutOfMemoryError} was seen, and tells every listener
	 * ({@link MemoryPressureListener#onOutOfMemoryReported}). The next readings bring it
	 * down again once the pressure is gone.
	 */
	public void reportOutOfMemory() {
		MemorySnapshot reported;
		synchronized (this) {
			MemorySnapshot previous = this.snapshot;
			reported = publish(previous, previous.withLevel(MemoryPressureLevel.CRITICAL, System.currentTimeMillis()));
		}
		for (MemoryPressureListener listener : this.listeners) {
			try {
				listener.onOutOfMemoryReported(reported);
			}
			catch (RuntimeException ex) {
				logger.warn("Memory pressure listener " + listener + " failed", ex);
			}
		}
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
			this.levelSinceNanos = System.nanoTime();
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
				String.format("Memory pressure %s -> %s (retained heap %d MB of %d MB", change.previous(),
						change.current(), snapshot.retainedBytes() >> 20, snapshot.retentionCapacity() >> 20));
		if (snapshot.retentionCapacity() < snapshot.heapMax()) {
			message.append(" old generation");
		}
		message.append(String.format(", %.0f%%; live after GC %d MB of %d MB heap", snapshot.retainedRatio() * 100,
				snapshot.heapUsedAfterGc() >> 20, snapshot.heapMax() >> 20));
		if (snapshot.heldInFlightBytes() > 0) {
			message.append(String.format("; %d MB held by requests in flight", snapshot.heldInFlightBytes() >> 20));
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

	private static MemorySnapshot toSnapshot(MemoryPressureLevel level, MemoryReading reading, long retained,
			long held) {
		return new MemorySnapshot(level, reading.heapUsedAfterGc(), reading.heapMax(), reading.containerUsage(),
				reading.containerLimit(), System.currentTimeMillis(), reading.oldGenerationRatio(), retained, held,
				reading.retentionCapacity());
	}

	/**
	 * What work in flight held as a collection was reported, and the collection count
	 * then.
	 *
	 * @param bytes the bytes held
	 * @param collectionCount the collection count, or {@code -1} when unknown
	 */
	private record HeldAtCollection(long bytes, long collectionCount) {

		static final HeldAtCollection UNKNOWN = new HeldAtCollection(-1, -1);

		/**
		 * The figure for a reading with the given collection count.
		 * @param readingCount the reading's collection count, or {@code -1} when unknown
		 * @return the bytes held, or {@code -1} when the reading holds a collection not
		 * reported yet
		 */
		long pairedWith(long readingCount) {
			return (this.collectionCount < 0 || readingCount < 0 || readingCount <= this.collectionCount) ? this.bytes
					: -1;
		}

	}

}
