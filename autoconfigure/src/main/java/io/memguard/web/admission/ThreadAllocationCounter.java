package io.memguard.web.admission;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Reads how many bytes the current thread has allocated so far: a cheap counter the JVM
 * keeps per thread (TLAB refills included).
 */
@FunctionalInterface
public interface ThreadAllocationCounter {

	/**
	 * Bytes allocated by the current thread since it started.
	 * @return the byte count, or {@code -1} when not supported
	 */
	long currentThreadAllocatedBytes();

	/**
	 * The JVM's counter, from {@code com.sun.management.ThreadMXBean}; a counter that
	 * always answers {@code -1} when the JVM does not offer it.
	 * @return the counter
	 */
	static ThreadAllocationCounter jvm() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		if (threads instanceof com.sun.management.ThreadMXBean allocations
				&& allocations.isThreadAllocatedMemorySupported()) {
			if (!allocations.isThreadAllocatedMemoryEnabled()) {
				allocations.setThreadAllocatedMemoryEnabled(true);
			}
			return allocations::getCurrentThreadAllocatedBytes;
		}
		return () -> -1;
	}

}
