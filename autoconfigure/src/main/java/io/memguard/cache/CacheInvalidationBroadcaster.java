package io.memguard.cache;

/**
 * Sends local cache invalidations to the other instances of the application.
 * <p>
 * Inside a transaction, {@link #broadcast} is called <em>before commit</em>, on the
 * transaction's thread, when the broadcaster {@linkplain #joinsTransaction() joins the
 * transaction} (PostgreSQL {@code NOTIFY} on the transaction's connection, delivered if
 * and only if the transaction commits); otherwise <em>after commit</em>, so no other
 * instance evicts before the new data is visible. Outside a transaction it is called
 * right after the local invalidation.
 */
@FunctionalInterface
public interface CacheInvalidationBroadcaster {

	/**
	 * Sends one invalidation to the other instances. Must not throw: a failure is logged.
	 * @param invalidation the invalidation
	 */
	void broadcast(CacheInvalidation invalidation);

	/**
	 * Whether {@link #broadcast} sends within the writing transaction, so it must be
	 * called before commit; otherwise it is called after commit.
	 * @return {@code true} to be called before commit
	 */
	default boolean joinsTransaction() {
		return true;
	}

}
