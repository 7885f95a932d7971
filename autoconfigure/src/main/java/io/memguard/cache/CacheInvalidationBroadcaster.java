package io.memguard.cache;

/**
 * Sends local cache invalidations to the other instances of the application.
 * <p>
 * Inside a transaction, {@link #broadcast} is called <em>before commit</em>, on the
 * transaction's thread, so a transactional transport (PostgreSQL {@code NOTIFY} on the
 * transaction's connection) is delivered if and only if the transaction commits. Outside
 * a transaction it is called right after the local invalidation.
 */
@FunctionalInterface
public interface CacheInvalidationBroadcaster {

	/**
	 * Sends one invalidation to the other instances. Must not throw: a failure is logged.
	 * @param invalidation the invalidation
	 */
	void broadcast(CacheInvalidation invalidation);

}
