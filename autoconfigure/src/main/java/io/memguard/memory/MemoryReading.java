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
 */
public record MemoryReading(long heapUsedAfterGc, long heapMax, long containerUsage, long containerLimit, long heapUsed,
		long gcCount, double oldGenerationRatio) {

	/**
	 * A reading of the live heap and the container only.
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
	 * The worst of the live-heap ratio, the old generation's fill and the container
	 * ratio.
	 * @return the pressure ratio, between 0 and 1 (or above when over a limit)
	 */
	public double pressureRatio() {
		double container = (this.containerLimit > 0 && this.containerUsage >= 0)
				? (double) this.containerUsage / this.containerLimit : 0;
		return Math.max(Math.max(liveRatio(), container), this.oldGenerationRatio);
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

}
