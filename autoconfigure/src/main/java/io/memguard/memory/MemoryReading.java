package io.memguard.memory;

/**
 * Raw memory figures as read by a {@link MemoryProbe}, before a level is derived from
 * them.
 *
 * @param heapUsedAfterGc bytes of heap in use after the last garbage collection
 * @param heapMax maximum heap size in bytes
 * @param containerUsage bytes the container's cgroup uses, or {@code -1} when unknown
 * @param containerLimit the container's memory limit in bytes, or {@code -1} when unknown
 */
public record MemoryReading(long heapUsedAfterGc, long heapMax, long containerUsage, long containerLimit) {

	/**
	 * The worse of the live-heap ratio and the container ratio.
	 * @return the pressure ratio, between 0 and 1 (or above when over a limit)
	 */
	public double pressureRatio() {
		double heap = (this.heapMax > 0) ? (double) this.heapUsedAfterGc / this.heapMax : 0;
		double container = (this.containerLimit > 0 && this.containerUsage >= 0)
				? (double) this.containerUsage / this.containerLimit : 0;
		return Math.max(heap, container);
	}

}
