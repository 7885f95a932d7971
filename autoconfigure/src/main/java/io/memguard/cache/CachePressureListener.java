package io.memguard.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.memory.MemoryPressureChange;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryPressureListener;

/**
 * Gives heap back under memory pressure: at {@code WARNING} every cache shrinks to a
 * fraction of its maximum (Caffeine evicts down to it), at {@code CRITICAL} caches bound
 * to entity types, or flagged {@code clear-on-critical}, are also cleared. The maximums
 * come back when the level returns to {@code NORMAL}. Clears made here stay local: the
 * pressure is this instance's.
 */
class CachePressureListener implements MemoryPressureListener {

	private final SoftLockingCaches caches;

	private final double shrinkRatio;

	private final Map<SoftLockingCache, Long> originalMaximums = new ConcurrentHashMap<>();

	CachePressureListener(SoftLockingCaches caches, double shrinkRatio) {
		this.caches = caches;
		this.shrinkRatio = shrinkRatio;
	}

	@Override
	public synchronized void onMemoryPressureChange(MemoryPressureChange change) {
		if (change.current() == MemoryPressureLevel.NORMAL) {
			restore();
			return;
		}
		for (SoftLockingCache cache : this.caches.all()) {
			shrink(cache);
			CacheSpec spec = this.caches.spec(cache.getName());
			if (change.current() == MemoryPressureLevel.CRITICAL
					&& (spec.isInvalidationBound() || spec.clearOnCritical())) {
				cache.clearLocally();
			}
		}
	}

	private void shrink(SoftLockingCache cache) {
		cache.policy().eviction().ifPresent((eviction) -> {
			long original = this.originalMaximums.computeIfAbsent(cache, (c) -> eviction.getMaximum());
			eviction.setMaximum(Math.max(1, (long) (original * this.shrinkRatio)));
		});
	}

	private void restore() {
		this.originalMaximums.forEach(
				(cache, maximum) -> cache.policy().eviction().ifPresent((eviction) -> eviction.setMaximum(maximum)));
		this.originalMaximums.clear();
	}

}
