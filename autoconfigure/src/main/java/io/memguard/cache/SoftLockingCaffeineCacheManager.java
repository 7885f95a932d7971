package io.memguard.cache;

import com.github.benmanes.caffeine.cache.Cache;

import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * A {@link CaffeineCacheManager} whose own creation and adaptation hooks build every
 * cache from its settings and decorate it as a {@link SoftLockingCache}: caches created
 * at run time are bounded and guarded from their first entry, nothing is adopted later.
 */
final class SoftLockingCaffeineCacheManager extends CaffeineCacheManager {

	private final SoftLockingCaches caches;

	SoftLockingCaffeineCacheManager(SoftLockingCaches caches) {
		this.caches = caches;
	}

	@Override
	protected Cache<Object, Object> createNativeCaffeineCache(String name) {
		return this.caches.build(name);
	}

	@Override
	protected org.springframework.cache.Cache adaptCaffeineCache(String name, Cache<Object, Object> cache) {
		return super.adaptCaffeineCache(name, this.caches.decorate(name, cache));
	}

	@Override
	protected org.springframework.cache.Cache createCaffeineCache(String name) {
		org.springframework.cache.Cache cache = super.createCaffeineCache(name);
		this.caches.created(cache);
		return cache;
	}

}
