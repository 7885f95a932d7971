package io.memguard.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Reads the live heap after the last GC from the heap pools' collection usage.
 */
public class JvmMemoryProbe implements MemoryProbe {

	@Override
	public MemoryReading read() {
		long usedAfterGc = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
				MemoryUsage afterGc = pool.getCollectionUsage();
				if (afterGc != null) {
					usedAfterGc += afterGc.getUsed();
				}
			}
		}
		return new MemoryReading(usedAfterGc, Runtime.getRuntime().maxMemory(), -1, -1);
	}

}
