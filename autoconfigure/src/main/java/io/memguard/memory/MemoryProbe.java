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

}
