package io.memguard.data.guard;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the entities Hibernate materializes per request (opened by
 * {@link EntityLoadGuardFilter}) or, outside a request, per transaction. Past the limit
 * it logs once and counts ({@link Mode#WARN}) or throws an
 * {@link EntityLimitExceededException} ({@link Mode#FAIL}).
 */
public class EntityLoadGuard implements PostLoadEventListener {

	private static final Log logger = LogFactory.getLog(EntityLoadGuard.class);

	private final ThreadLocal<Scope> requestScope = new ThreadLocal<>();

	private final ThreadLocal<Boolean> exempt = new ThreadLocal<>();

	private final AtomicLong exceeded = new AtomicLong();

	private final int limit;

	private final Mode mode;

	/**
	 * Creates a new instance.
	 * @param limit the number of entities a scope may load, 0 or less for no limit
	 * @param mode what to do past the limit
	 */
	public EntityLoadGuard(int limit, Mode mode) {
		this.limit = limit;
		this.mode = (limit > 0) ? mode : Mode.OFF;
	}

	@Override
	public void onPostLoad(PostLoadEvent event) {
		if (this.mode == Mode.OFF || this.exempt.get() != null) {
			return;
		}
		Scope scope = currentScope();
		if (scope == null || ++scope.loaded <= this.limit) {
			return;
		}
		String message = scope.description() + " loaded more than " + this.limit + " entities (last: "
				+ event.getEntity().getClass().getName() + "); page the query, stream it with StreamingExporter or "
				+ "raise memguard.data.max-entities-per-request";
		if (!scope.reported) {
			scope.reported = true;
			this.exceeded.incrementAndGet();
			logger.warn(message);
		}
		if (this.mode == Mode.FAIL) {
			throw new EntityLimitExceededException(message);
		}
	}

	/**
	 * Runs work that loads many entities on purpose (and clears them as it goes) without
	 * counting them.
	 * @param <T> the result type
	 * @param work the work
	 * @return its result
	 */
	public <T> T exempt(Supplier<T> work) {
		Boolean previous = this.exempt.get();
		this.exempt.set(Boolean.TRUE);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				this.exempt.remove();
			}
		}
	}

	/**
	 * Opens the counting scope of a request on the current thread. The request is named
	 * in the log only if it goes past the limit, so nothing is built for the others.
	 * @param method the request's method, e.g. {@code GET}
	 * @param path the request's path, e.g. {@code /api/bookings}
	 */
	public void beginRequest(String method, String path) {
		this.requestScope.set(new Scope("Request " + method, path));
	}

	/**
	 * Closes the counting scope of the current thread's request.
	 */
	public void endRequest() {
		this.requestScope.remove();
	}

	/**
	 * How many requests or transactions went past the limit since start.
	 * @return the count
	 */
	public long exceededCount() {
		return this.exceeded.get();
	}

	/**
	 * The configured limit.
	 * @return the number of entities, 0 when the guard is off
	 */
	public int limit() {
		return (this.mode != Mode.OFF) ? this.limit : 0;
	}

	/**
	 * The configured mode.
	 * @return the mode
	 */
	public Mode mode() {
		return this.mode;
	}

	private Scope currentScope() {
		Scope scope = this.requestScope.get();
		if (scope != null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return scope;
		}
		scope = (Scope) TransactionSynchronizationManager.getResource(this);
		if (scope == null) {
			String name = TransactionSynchronizationManager.getCurrentTransactionName();
			scope = new Scope("Transaction", (name != null) ? name : "(unnamed)");
			TransactionSynchronizationManager.bindResource(this, scope);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(EntityLoadGuard.this);
				}

			});
		}
		return scope;
	}

	private static final class Scope {

		private final String kind;

		private final String name;

		private long loaded;

		private boolean reported;

		private Scope(String kind, String name) {
			this.kind = kind;
			this.name = name;
		}

		String description() {
			return this.kind + " " + this.name;
		}

	}

	/**
	 * What the entity guard does past the limit.
	 */
	public enum Mode {

		/**
		 * Do not count entities.
		 */
		OFF,

		/**
		 * Log once per request or transaction and count a metric.
		 */
		WARN,

		/**
		 * Abort the query with an {@link EntityLimitExceededException}.
		 */
		FAIL

	}

}
