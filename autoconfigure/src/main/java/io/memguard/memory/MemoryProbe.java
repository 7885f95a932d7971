package io.memguard.memory;

/**
 * Reads the raw memory figures the {@link MemoryMonitor} derives its level from. The
 * production probe reads the live heap after GC and the container's cgroup; tests plug in
 * their own.
 */
@FunctionalInterface
public interface MemoryProbe {

	/**
	 * Reads the current figures. Called from the monitor's sampling thread, never from
	 * the request path.
	 * @return the reading
	 */
	MemoryReading read();

	/**
	 * The number of collections so far, counted as {@link MemoryReading#gcCount()} counts
	 * them. Cheap, for the JVM's notification thread: the monitor tags what work in
	 * flight held with it, so that a reading of a collection whose notification has not
	 * been handled yet is not paired with an older collection's figure.
	 * @return the count, or {@code -1} when unknown
	 */
	default long collectionCount() {
		return -1;
	}

}
