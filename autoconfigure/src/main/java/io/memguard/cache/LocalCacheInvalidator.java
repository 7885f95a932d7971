package io.memguard.cache;

/**
 * Applies invalidations to this instance's caches only, without broadcasting them again.
 * Used for invalidations received from other instances.
 */
public interface LocalCacheInvalidator {

	/**
	 * Applies one invalidation locally.
	 * @param invalidation the invalidation
	 */
	void invalidateLocally(CacheInvalidation invalidation);

	/**
	 * Clears every local cache, for example after a gap in which broadcast messages could
	 * have been missed: stale data is worse than a miss.
	 */
	void clearAllLocally();

}
