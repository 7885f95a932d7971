package io.memguard.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies invalidations when the data behind them is committed.
 * <p>
 * Inside a transaction an invalidation soft-locks its cache (or keys) at once, is
 * broadcast before commit on the transaction's thread by the broadcasters that join the
 * transaction (so a transactional transport is delivered if and only if the transaction
 * commits), is applied locally after commit and then broadcast by the others, and the
 * lock is released after completion, commit or rollback. A rolled back transaction evicts
 * nothing and sends nothing. Outside a transaction the invalidation is applied and
 * broadcast at once: nothing is dropped because no transaction was running.
 */
final class TransactionalCacheInvalidation {

	private final SoftLockingCaches caches;

	private final CacheInvalidationBroadcasters broadcasters;

	/**
	 * Creates an instance.
	 * @param caches the local caches
	 * @param broadcasters the broadcasters (none when invalidations stay local)
	 */
	TransactionalCacheInvalidation(SoftLockingCaches caches, CacheInvalidationBroadcasters broadcasters) {
		this.caches = caches;
		this.broadcasters = broadcasters;
	}

	/**
	 * Invalidates after commit of the current transaction, or now when none is active.
	 * @param invalidation the invalidation
	 */
	void invalidate(CacheInvalidation invalidation) {
		invalidate(invalidation, null);
	}

	/**
	 * Invalidates after commit of the current Spring-managed transaction, else after
	 * commit of the given transaction that Spring does not manage, else now.
	 * @param invalidation the invalidation
	 * @param unmanagedTransaction hooks of a running transaction Spring does not manage
	 * (a Hibernate-managed one, for example), or {@code null}
	 */
	void invalidate(CacheInvalidation invalidation, TransactionHooks unmanagedTransaction) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			pendingInvalidations(unmanagedTransaction).add(invalidation);
		}
		else if (unmanagedTransaction != null) {
			SoftLockingCache cache = lock(invalidation);
			unmanagedTransaction.beforeCommit(() -> this.broadcasters.broadcast(invalidation, true));
			unmanagedTransaction.afterCompletion((committed) -> complete(invalidation, cache, committed));
		}
		else {
			this.caches.invalidateLocally(invalidation);
			this.broadcasters.broadcast(invalidation);
		}
	}

	private SoftLockingCache lock(CacheInvalidation invalidation) {
		SoftLockingCache cache = this.caches.get(invalidation.cacheName());
		if (cache != null) {
			cache.lock(invalidation.keys());
		}
		return cache;
	}

	private void complete(CacheInvalidation invalidation, SoftLockingCache lockedCache, boolean committed) {
		try {
			if (committed) {
				this.caches.invalidateLocally(invalidation);
				this.broadcasters.broadcast(invalidation, false);
			}
		}
		finally {
			if (lockedCache != null) {
				lockedCache.unlock(invalidation.keys());
			}
		}
	}

	// Looked up among the current transaction's synchronizations, not bound as a
	// resource: a suspended transaction's invalidations must not leak into a new one.
	private PendingInvalidations pendingInvalidations(TransactionHooks sessionTransaction) {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof PendingInvalidations pending && pending.owner() == this) {
				return pending;
			}
		}
		PendingInvalidations pending = new PendingInvalidations();
		TransactionSynchronizationManager.registerSynchronization(pending);
		// Hibernate flushes dirty entities inside the commit, after Spring's beforeCommit
		// callbacks ran: invalidations first seen there are broadcast from the session's
		// own before-completion callback, still before the database commit.
		if (sessionTransaction != null) {
			sessionTransaction.beforeCommit(pending::broadcastUnlessDone);
		}
		return pending;
	}

	/**
	 * Completion hooks of a transaction Spring does not manage.
	 */
	interface TransactionHooks {

		/**
		 * Registers an action to run before the transaction commits, on its thread.
		 * @param action the action
		 */
		void beforeCommit(Runnable action);

		/**
		 * Registers an action to run after the transaction completed.
		 * @param action the action, given whether the transaction committed
		 */
		void afterCompletion(Consumer<Boolean> action);

	}

	private final class PendingInvalidations implements TransactionSynchronization {

		// Each invalidation with the cache it locked (null when the cache did not exist
		// yet).
		private final Map<CacheInvalidation, SoftLockingCache> invalidations = new LinkedHashMap<>();

		private boolean broadcastDone;

		TransactionalCacheInvalidation owner() {
			return TransactionalCacheInvalidation.this;
		}

		void add(CacheInvalidation invalidation) {
			if (this.invalidations.containsKey(invalidation)) {
				return;
			}
			this.invalidations.put(invalidation, lock(invalidation));
			// Flushes at commit run after beforeCommit: still before the database commit.
			if (this.broadcastDone) {
				TransactionalCacheInvalidation.this.broadcasters.broadcast(invalidation, true);
			}
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			broadcastUnlessDone();
		}

		void broadcastUnlessDone() {
			if (!this.broadcastDone) {
				this.invalidations.keySet()
					.forEach((invalidation) -> TransactionalCacheInvalidation.this.broadcasters.broadcast(invalidation,
							true));
				this.broadcastDone = true;
			}
		}

		@Override
		public void afterCompletion(int status) {
			this.invalidations
				.forEach((invalidation, cache) -> complete(invalidation, cache, status == STATUS_COMMITTED));
		}

		@Override
		public int getOrder() {
			return LOWEST_PRECEDENCE;
		}

	}

}
