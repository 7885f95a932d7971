package io.memguard.memory;

/**
 * One immutable reading of memory pressure. The request path reads the latest snapshot
 * from a volatile field and never computes memory itself.
 *
 * @param level the pressure level derived from this reading
 * @param heapUsedAfterGc bytes of heap still in use after the last garbage collection
 * @param heapMax the maximum heap size in bytes ({@code Runtime.maxMemory()})
 * @param containerUsage bytes the container's cgroup uses, or {@code -1} when unknown
 * @param containerLimit the container's cgroup memory limit in bytes, or {@code -1} when
 * unknown or unlimited
 * @param takenAtMillis when the reading was taken, from
 * {@code System.currentTimeMillis()}
 * @param oldGenerationRatio how full a fixed-size old generation (Serial, Parallel) was
 * after its last collection, or {@code -1} when the collector has none
 * @param retainedBytes bytes of the live heap the application retains: the heap after the
 * last collection that examined the whole heap, minus what requests in flight held then
 * (see {@link HeapHeldInFlight})
 * @param heldInFlightBytes bytes requests in flight are expected to hold now
 * @param retentionCapacity bytes retained data can fill before the JVM runs out of memory
 * (see {@link MemoryReading#retentionCapacity()})
 */
public record MemorySnapshot(MemoryPressureLevel level, long heapUsedAfterGc, long heapMax, long containerUsage,
		long containerLimit, long takenAtMillis, double oldGenerationRatio, long retainedBytes, long heldInFlightBytes,
		long retentionCapacity) {

	/**
	 * A snapshot without an old-generation figure, where all the live heap is retained.
	 * @param level the pressure level
	 * @param heapUsedAfterGc bytes of heap still in use after the last garbage collection
	 * @param heapMax the maximum heap size in bytes
	 * @param containerUsage bytes the container's cgroup uses, or {@code -1} when unknown
	 * @param containerLimit the container's cgroup memory limit in bytes, or {@code -1}
	 * @param takenAtMillis when the reading was taken
	 */
	public MemorySnapshot(MemoryPressureLevel level, long heapUsedAfterGc, long heapMax, long containerUsage,
			long containerLimit, long takenAtMillis) {
		this(level, heapUsedAfterGc, heapMax, containerUsage, containerLimit, takenAtMillis, -1, heapUsedAfterGc, 0,
				heapMax);
	}

	/**
	 * Live heap after GC as a fraction of the maximum heap.
	 * @return the ratio, between 0 and 1
	 */
	public double liveRatio() {
		return (this.heapMax > 0) ? (double) this.heapUsedAfterGc / this.heapMax : 0;
	}

	/**
	 * Retained heap as a fraction of the retention capacity: what the level follows,
	 * besides the container.
	 * @return the ratio, between 0 and 1
	 */
	public double retainedRatio() {
		return (this.retentionCapacity > 0) ? (double) this.retainedBytes / this.retentionCapacity : 0;
	}

	/**
	 * Container memory usage as a fraction of its limit.
	 * @return the ratio, or {@code -1} when the container limit is unknown
	 */
	public double containerRatio() {
		return (this.containerLimit > 0 && this.containerUsage >= 0)
				? (double) this.containerUsage / this.containerLimit : -1;
	}

	/**
	 * Heap bytes not held by the live set.
	 * @return {@code heapMax - heapUsedAfterGc}, never negative
	 */
	public long headroom() {
		return Math.max(0, this.heapMax - this.heapUsedAfterGc);
	}

	MemorySnapshot withLevel(MemoryPressureLevel newLevel, long millis) {
		return new MemorySnapshot(newLevel, this.heapUsedAfterGc, this.heapMax, this.containerUsage,
				this.containerLimit, millis, this.oldGenerationRatio, this.retainedBytes, this.heldInFlightBytes,
				this.retentionCapacity);
	}

}
