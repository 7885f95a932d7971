package io.memguard.data.batch;

import java.time.Duration;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.data.batch.BatchResult.Failure;
import io.memguard.data.guard.EntityLoadGuard;

import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a {@link BatchJob} over a large table in keyset order: one transaction per batch
 * (a new one, also when the caller runs in a transaction), the persistence context
 * flushed and cleared after each, a progress line every {@code log-every} batches and a
 * summary at the end. A failing batch is rolled back and reported with its key range; the
 * batches before it stay committed, and {@link #run(BatchJob, Comparable)} resumes after
 * {@link BatchResult#lastCommittedKey()}.
 */
public class KeysetBatchProcessor {

	private static final Log logger = LogFactory.getLog(KeysetBatchProcessor.class);

	private final PlatformTransactionManager transactionManager;

	private final EntityManagerFactory entityManagerFactory;

	private final List<BatchProgressListener> listeners;

	private final int logEvery;

	private final EntityLoadGuard guard;

	/**
	 * Creates a new instance.
	 * @param transactionManager the transaction manager of each batch
	 * @param entityManagerFactory the entity manager factory whose context is cleared
	 * between batches, or {@code null}
	 * @param listeners told about progress
	 * @param logEvery batches between two progress log lines
	 * @param guard the entity guard to leave out of jobs (each batch is bounded by its
	 * size), or {@code null}
	 */
	public KeysetBatchProcessor(PlatformTransactionManager transactionManager,
			EntityManagerFactory entityManagerFactory, List<BatchProgressListener> listeners, int logEvery,
			EntityLoadGuard guard) {
		this.transactionManager = transactionManager;
		this.entityManagerFactory = entityManagerFactory;
		this.listeners = List.copyOf(listeners);
		this.logEvery = Math.max(1, logEvery);
		this.guard = guard;
	}

	/**
	 * Runs a job from the start.
	 * @param <T> the row type
	 * @param <K> the key type
	 * @param job the job
	 * @return what was done
	 */
	public <T, K extends Comparable<? super K>> BatchResult<K> run(BatchJob<T, K> job) {
		return run(job, null);
	}

	/**
	 * Runs a job from the rows after a key.
	 * @param <T> the row type
	 * @param <K> the key type
	 * @param job the job
	 * @param afterKey the last key already handled, {@code null} for the start
	 * @return what was done
	 */
	public <T, K extends Comparable<? super K>> BatchResult<K> run(BatchJob<T, K> job, K afterKey) {
		return (this.guard != null) ? this.guard.exempt(() -> runBatches(job, afterKey)) : runBatches(job, afterKey);
	}

	private <T, K extends Comparable<? super K>> BatchResult<K> runBatches(BatchJob<T, K> job, K afterKey) {
		long start = System.nanoTime();
		K lastKey = afterKey;
		long batches = 0;
		long items = 0;
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.setName(job.name());
		// Each batch commits on its own even when the caller runs in a transaction:
		// joining it would hold every batch until the end and lose them all to a failure.
		transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		while (true) {
			BatchRange<T, K> range = new BatchRange<>();
			K after = lastKey;
			try {
				transaction.executeWithoutResult((status) -> runBatch(job, after, range));
			}
			catch (RuntimeException ex) {
				this.listeners.forEach((listener) -> listener.batchFailed(job.name()));
				Failure<K> failure = new Failure<>(batches + 1, range.first, range.last, ex);
				return finish(new BatchResult<>(job.name(), batches, items, lastKey, elapsed(start), failure));
			}
			finally {
				clearSharedEntityManager();
			}
			if (range.size == 0) {
				return finish(new BatchResult<>(job.name(), batches, items, lastKey, elapsed(start), null));
			}
			batches++;
			items += range.size;
			lastKey = range.last;
			int size = range.size;
			this.listeners.forEach((listener) -> listener.batchCommitted(job.name(), size));
			if (batches % this.logEvery == 0) {
				logger.info("Batch job '" + job.name() + "': " + batches + " batches, " + items + " items, up to key "
						+ lastKey + ", " + rate(items, start) + " items/s");
			}
			if (size < job.batchSize()) {
				return finish(new BatchResult<>(job.name(), batches, items, lastKey, elapsed(start), null));
			}
		}
	}

	private <T, K extends Comparable<? super K>> void runBatch(BatchJob<T, K> job, K after, BatchRange<T, K> range) {
		List<T> rows = job.source().fetch(after, job.batchSize());
		if (rows.isEmpty()) {
			return;
		}
		range.first = job.key().apply(rows.get(0));
		range.last = job.key().apply(rows.get(rows.size() - 1));
		if (after != null && range.first.compareTo(after) <= 0) {
			// a source that does not seek past the last key would run forever
			throw new IllegalStateException("Source of batch job '" + job.name() + "' returned key " + range.first
					+ " after key " + after + "; it must return rows with keys greater than the given key, in order");
		}
		job.handler().accept(rows);
		if (this.entityManagerFactory != null) {
			EntityManagerFactoryUtils.getTransactionalEntityManager(this.entityManagerFactory).flush();
		}
		range.size = rows.size();
	}

	/**
	 * Inside a request with open-session-in-view the entity manager outlives each
	 * transaction, so its context must be cleared by hand. A caller's transaction keeps
	 * its own: clearing it would drop the caller's unflushed changes.
	 */
	private void clearSharedEntityManager() {
		if (this.entityManagerFactory != null && !TransactionSynchronizationManager.isActualTransactionActive()) {
			EntityManager shared = EntityManagerFactoryUtils.getTransactionalEntityManager(this.entityManagerFactory);
			if (shared != null) {
				shared.clear();
			}
		}
	}

	private static <K> BatchResult<K> finish(BatchResult<K> result) {
		String summary = "Batch job '" + result.job() + "' " + (result.completed() ? "completed" : "FAILED") + ": "
				+ result.batches() + " batches, " + result.items() + " items committed in "
				+ result.elapsed().toMillis() + " ms, last committed key " + result.lastCommittedKey();
		if (result.completed()) {
			logger.info(summary);
		}
		else {
			Failure<K> failure = result.failure();
			logger.error(summary + "; batch " + failure.batch() + " (keys " + failure.firstKey() + ".."
					+ failure.lastKey() + ") was rolled back; resume after key " + result.lastCommittedKey(),
					failure.cause());
		}
		return result;
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static long rate(long items, long start) {
		long nanos = Math.max(1, System.nanoTime() - start);
		return items * 1_000_000_000L / nanos;
	}

	private static final class BatchRange<T, K> {

		private K first;

		private K last;

		private int size;

	}

}
