package io.memguard.cache;

/**
 * Estimates the weight of a cache entry for caches bounded by {@code maximum-weight}. A
 * bean of this type replaces the {@link ApproximateCacheWeigher}.
 */
@FunctionalInterface
public interface CacheWeigher {

	/**
	 * Estimates the weight of one entry, roughly in bytes.
	 * @param cacheName the cache
	 * @param key the key
	 * @param value the value
	 * @return the weight, zero or more
	 */
	int weigh(String cacheName, Object key, Object value);

}
