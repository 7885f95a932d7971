package io.memguard.cache;

import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The broadcasters that send invalidations to the other instances, each call guarded so a
 * failing transport is logged and the others still run. Shared by the caches (manual
 * evictions) and the transactional invalidation, so neither depends on the other for it.
 */
final class CacheInvalidationBroadcasters {

	private static final Log logger = LogFactory.getLog(CacheInvalidationBroadcasters.class);

	private final Supplier<List<CacheInvalidationBroadcaster>> broadcasters;

	/**
	 * Creates an instance.
	 * @param broadcasters supplies the broadcasters (none when invalidations stay local)
	 */
	CacheInvalidationBroadcasters(Supplier<List<CacheInvalidationBroadcaster>> broadcasters) {
		this.broadcasters = broadcasters;
	}

	/**
	 * Sends an invalidation that was already applied locally through every broadcaster.
	 * @param invalidation the invalidation
	 */
	void broadcast(CacheInvalidation invalidation) {
		for (CacheInvalidationBroadcaster broadcaster : this.broadcasters.get()) {
			broadcast(broadcaster, invalidation);
		}
	}

	/**
	 * Sends an invalidation through the broadcasters that run at that point of a
	 * transaction.
	 * @param invalidation the invalidation
	 * @param beforeCommit {@code true} for the broadcasters that join the transaction,
	 * {@code false} for the others
	 */
	void broadcast(CacheInvalidation invalidation, boolean beforeCommit) {
		for (CacheInvalidationBroadcaster broadcaster : this.broadcasters.get()) {
			if (broadcaster.joinsTransaction() == beforeCommit) {
				broadcast(broadcaster, invalidation);
			}
		}
	}

	private static void broadcast(CacheInvalidationBroadcaster broadcaster, CacheInvalidation invalidation) {
		try {
			broadcaster.broadcast(invalidation);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not broadcast " + invalidation, ex);
		}
	}

}
