package io.memguard.cache;

import java.util.Arrays;

/**
 * Programmatic cache invalidation, for changes Memguard cannot see (a write through JDBC,
 * another application, a stored procedure). Inside a transaction the invalidation applies
 * after commit and nothing happens on rollback; outside it applies at once. It reaches
 * every instance when a broadcast transport is configured.
 */
public class CacheInvalidator {

	private final TransactionalCacheInvalidation invalidation;

	private final EntityCacheBindings bindings;

	CacheInvalidator(TransactionalCacheInvalidation invalidation, EntityCacheBindings bindings) {
		this.invalidation = invalidation;
		this.bindings = bindings;
	}

	/**
	 * Clears a cache.
	 * @param cacheName the cache
	 */
	public void clear(String cacheName) {
		this.invalidation.invalidate(CacheInvalidation.clear(cacheName));
	}

	/**
	 * Evicts some keys of a cache.
	 * @param cacheName the cache
	 * @param keys the keys
	 */
	public void evict(String cacheName, Object... keys) {
		this.invalidation.invalidate(CacheInvalidation.evict(cacheName, Arrays.asList(keys)));
	}

	/**
	 * Whether changes of the entity type invalidate any cache.
	 * @param entityType the entity type
	 * @return {@code true} if some cache is bound to the type or one of its supertypes
	 */
	public boolean hasCachesFor(Class<?> entityType) {
		return this.bindings.isBound(entityType);
	}

	/**
	 * Clears every cache that changes of the entity type invalidate, as after a bulk
	 * update of that type.
	 * @param entityType the entity type
	 */
	public void invalidate(Class<?> entityType) {
		this.bindings.invalidationsFor(entityType).forEach(this.invalidation::invalidate);
	}

}
