package io.memguard.cache;

import java.util.Collection;
import java.util.List;

import org.springframework.util.Assert;

/**
 * An invalidation of one cache: either some keys or the whole cache. Only invalidations
 * travel between instances, never values.
 *
 * @param cacheName the cache to invalidate
 * @param keys the keys to evict; empty means clear the whole cache
 */
public record CacheInvalidation(String cacheName, List<Object> keys) {

	public CacheInvalidation {
		Assert.hasText(cacheName, "cacheName must not be empty");
		keys = (keys != null) ? List.copyOf(keys) : List.of();
	}

	/**
	 * An invalidation that clears the whole cache.
	 * @param cacheName the cache
	 * @return the invalidation
	 */
	public static CacheInvalidation clear(String cacheName) {
		return new CacheInvalidation(cacheName, List.of());
	}

	/**
	 * An invalidation that evicts some keys.
	 * @param cacheName the cache
	 * @param keys the keys
	 * @return the invalidation
	 */
	public static CacheInvalidation evict(String cacheName, Collection<?> keys) {
		return new CacheInvalidation(cacheName, List.copyOf(keys));
	}

	/**
	 * Whether this invalidation clears the whole cache.
	 * @return {@code true} when there are no keys
	 */
	public boolean isClear() {
		return this.keys.isEmpty();
	}

}
