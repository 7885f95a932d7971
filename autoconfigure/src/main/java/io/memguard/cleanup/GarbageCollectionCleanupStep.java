package io.memguard.cleanup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests a full collection ({@link System#gc()}, a no-op under
 * {@code -XX:+DisableExplicitGC}) after the other steps dropped their references, so that
 * the figures after the cleanup show what is really live. Runs last.
 */
public class GarbageCollectionCleanupStep implements MemoryCleanupStep {

	@Override
	public String name() {
		return "garbageCollection";
	}

	@Override
	public Object clean(CleanupContext context) {
		long before = heapInUse();
		long start = System.nanoTime();
		System.gc();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("heapUsedBefore", before);
		result.put("heapUsedAfter", heapInUse());
		result.put("millis", (System.nanoTime() - start) / 1_000_000);
		return result;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	static long heapInUse() {
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
