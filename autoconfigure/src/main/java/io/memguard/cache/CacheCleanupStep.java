package io.memguard.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.cleanup.CleanupContext;
import io.memguard.cleanup.MemoryCleanupStep;

/**
 * The caches' part of a memory cleanup: a thorough cleanup clears every cache; otherwise
 * each cache drops its coldest entries down to the pressure shrink ratio of its size.
 * Like clears under pressure, these stay local: the memory is this instance's.
 */
public class CacheCleanupStep implements MemoryCleanupStep {

	private final SoftLockingCaches caches;

	private final double shrinkRatio;

	CacheCleanupStep(SoftLockingCaches caches, double shrinkRatio) {
		this.caches = caches;
		this.shrinkRatio = shrinkRatio;
	}

	@Override
	public String name() {
		return "caches";
	}

	@Override
	public Object clean(CleanupContext context) {
		long before = 0;
		long after = 0;
		int count = 0;
		for (SoftLockingCache cache : this.caches.all()) {
			cache.cleanUp();
			long size = cache.estimatedSize();
			before += size;
			if (context.thorough()) {
				cache.clearLocally();
			}
			else {
				cache.evictLocally(coldest(cache, (int) Math.min(Integer.MAX_VALUE, size - keep(size))));
			}
			cache.cleanUp();
			after += cache.estimatedSize();
			count++;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("mode", context.thorough() ? "cleared" : "trimmed");
		result.put("caches", count);
		result.put("entriesBefore", before);
		result.put("entriesAfter", after);
		return result;
	}

	private long keep(long size) {
		return (long) (size * this.shrinkRatio);
	}

	private static List<Object> coldest(SoftLockingCache cache, int count) {
		if (count <= 0) {
			return List.of();
		}
		return cache.policy()
			.eviction()
			.<List<Object>>map((eviction) -> new ArrayList<>(eviction.coldest(count).keySet()))
			.orElseGet(() -> cache.asMap().keySet().stream().limit(count).toList());
	}

	@Override
	public int getOrder() {
		return 100;
	}

}
