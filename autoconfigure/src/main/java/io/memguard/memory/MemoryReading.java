package io.memguard.memory;

/**
 * Raw memory figures as read by a {@link MemoryProbe}, before a level is derived from
 * them.
 *
 * @param heapUsedAfterGc bytes of heap in use after the last garbage collection
 * @param heapMax maximum heap size in bytes
 * @param containerUsage bytes the container's cgroup uses, or {@code -1} when unknown
 * @param containerLimit the container's memory limit in bytes, or {@code -1} when unknown
 * @param heapUsed bytes of heap in use now, garbage included, or {@code -1} when unknown
 * @param gcCount collections run so far by all collectors, or {@code -1} when unknown
 * @param oldGenerationRatio how full a fixed-size old generation (Serial, Parallel) was
 * after its last collection, or {@code -1} when the collector has none
 * @param afterMajorCollection whether {@code heapUsedAfterGc} comes from a collection of
 * the whole heap; a young collection leaves the garbage promoted to the old generation in
 * its figure, so it only bounds the live set from above
 * @param oldGenerationMax maximum size of a fixed-size old generation in bytes, or
 * {@code -1} when the collector has none
 */
public record MemoryReading(long heapUsedAfterGc, long heapMax, long containerUsage, long containerLimit, long heapUsed,
		long gcCount, double oldGenerationRatio, boolean afterMajorCollection, long oldGenerationMax) {

	/**
	 * A reading of the live heap and the container only, taken after a collection of the
	 * whole heap.
	 * @param heapUsedAfterGc bytes of heap in use after the last garbage collection
	 * @param heapMax maximum heap size in bytes
	 * @param containerUsage bytes the container's cgroup uses, or {@code -1} when unknown
	 * @param containerLimit the container's memory limit in bytes, or {@code -1} when
	 * unknown
	 */
	public MemoryReading(long heapUsedAfterGc, long heapMax, long containerUsage, long containerLimit) {
		this(heapUsedAfterGc, heapMax, containerUsage, containerLimit, -1, -1, -1);
	}

	/**
	 * A reading taken after a collection of the whole heap.
	 * @param heapUsedAfterGc bytes of heap in use after the last garbage collection
	 * @param heapMax maximum heap size in bytes
	 * @param containerUsage bytes the container's cgroup uses, or {@code -1} when unknown
	 * @param containerLimit the container's memory limit in bytes, or {@code -1} when
	 * unknown
	 * @param heapUsed bytes of heap in use now, or {@code -1} when unknown
	 * @param gcCount collections run so far, or {@code -1} when unknown
	 * @param oldGenerationRatio how full a fixed-size old generation was after its last
	 * collection, or {@code -1}
	 */
	public MemoryReading(long heapUsedAfterGc, long heapMax, long containerUsage, long containerLimit, long heapUsed,
			long gcCount, double oldGenerationRatio) {
		this(heapUsedAfterGc, heapMax, containerUsage, containerLimit, heapUsed, gcCount, oldGenerationRatio, true, -1);
	}

	/**
	 * The container's working set as a fraction of its limit.
	 * @return the ratio, or {@code 0} when there is no known limit
	 */
	public double containerRatio() {
		return (this.containerLimit > 0 && this.containerUsage >= 0)
				? (double) this.containerUsage / this.containerLimit : 0;
	}

	/**
	 * Live heap after GC as a fraction of the maximum heap.
	 * @return the ratio, or {@code 0} when the maximum is unknown
	 */
	public double liveRatio() {
		return (this.heapMax > 0) ? (double) this.heapUsedAfterGc / this.heapMax : 0;
	}

	/**
	 * Current heap use, garbage included, as a fraction of the maximum heap.
	 * @return the ratio, or {@code 0} when unknown
	 */
	public double usedRatio() {
		return (this.heapMax > 0 && this.heapUsed >= 0) ? (double) this.heapUsed / this.heapMax : 0;
	}

	/**
	 * The room the data an application retains can fill before the JVM runs out of
	 * memory: the fixed-size old generation where there is one (long-lived data ends up
	 * there), else the whole heap.
	 * @return the capacity in bytes
	 */
	public long retentionCapacity() {
		return (this.oldGenerationMax > 0 && this.oldGenerationMax < this.heapMax) ? this.oldGenerationMax
				: this.heapMax;
	}

}
