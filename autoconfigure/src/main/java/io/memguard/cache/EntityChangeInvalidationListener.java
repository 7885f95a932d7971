package io.memguard.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.memguard.cache.TransactionalCacheInvalidation.TransactionHooks;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.hibernate.event.spi.AbstractPostDatabaseOperationEvent;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate listener that turns each insert, update and delete of a bound entity into
 * cache invalidations. Called at flush, inside the transaction: the invalidations lock
 * their caches now and are applied after commit, whether Spring manages the transaction
 * or Hibernate does.
 */
class EntityChangeInvalidationListener
		implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

	private final EntityCacheBindings bindings;

	private final TransactionalCacheInvalidation invalidation;

	EntityChangeInvalidationListener(EntityCacheBindings bindings, TransactionalCacheInvalidation invalidation) {
		this.bindings = bindings;
		this.invalidation = invalidation;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		invalidate(event, event.getState());
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		invalidate(event, event.getOldState(), event.getState());
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		invalidate(event, event.getDeletedState());
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

	private void invalidate(AbstractPostDatabaseOperationEvent event, Object[]... states) {
		EntityPersister persister = event.getPersister();
		Class<?> entityType = persister.getMappedClass();
		if (!this.bindings.isBound(entityType)) {
			return;
		}
		// A missing state (the old state of a StatelessSession update, for one) stays
		// null: its keys are unknown, so keyed caches are cleared.
		List<Map<String, Object>> views = new ArrayList<>();
		for (Object[] state : states) {
			views.add((state != null) ? view(persister, event.getId(), state) : null);
		}
		TransactionHooks hibernateTransaction = hibernateTransaction(event.getSession());
		for (CacheInvalidation invalidation : this.bindings.invalidationsFor(entityType, views)) {
			this.invalidation.invalidate(invalidation, hibernateTransaction);
		}
	}

	/**
	 * Completion hooks of the session's own transaction, used when Spring does not manage
	 * it (a resource-local transaction begun on the EntityManager).
	 */
	private static TransactionHooks hibernateTransaction(SharedSessionContractImplementor session) {
		if (!session.isTransactionInProgress()) {
			return null;
		}
		TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
		return new TransactionHooks() {

			@Override
			public void beforeCommit(Runnable action) {
				callbacks.registerCallback((BeforeCompletionCallback) (s) -> action.run());
			}

			@Override
			public void afterCompletion(Consumer<Boolean> action) {
				callbacks.registerCallback((AfterCompletionCallback) (success, s) -> action.accept(success));
			}

		};
	}

	private static Map<String, Object> view(EntityPersister persister, Object id, Object[] state) {
		String[] names = persister.getPropertyNames();
		Map<String, Object> view = new HashMap<>(names.length + 1);
		for (int i = 0; i < names.length && i < state.length; i++) {
			view.put(names[i], state[i]);
		}
		if (persister.getIdentifierPropertyName() != null) {
			view.put(persister.getIdentifierPropertyName(), id);
		}
		return view;
	}

}
