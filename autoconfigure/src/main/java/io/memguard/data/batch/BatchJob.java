package io.memguard.data.batch;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.util.Assert;

/**
 * A job over a large table for {@link KeysetBatchProcessor}: fetch the next rows after a
 * key, handle them, repeat.
 *
 * <pre class="code">
 * BatchJob&lt;Booking, Long&gt; job = BatchJob.&lt;Booking, Long&gt;named("archive-bookings")
 *     .batchSize(500)
 *     .source((afterId, limit) -&gt; repository.findByIdGreaterThanOrderById((afterId != null) ? afterId : 0L, Limit.of(limit)))
 *     .key(Booking::getId)
 *     .handler((bookings) -&gt; bookings.forEach(Booking::archive));
 * </pre>
 *
 * @param <T> the row type
 * @param <K> the key type, unique and in the source's order
 * @param name the job name, in logs and metrics
 * @param batchSize rows per batch and transaction
 * @param source fetches the rows after a key
 * @param key extracts the key of a row
 * @param handler handles the rows of one batch, inside its transaction
 */
public record BatchJob<T, K extends Comparable<? super K>>(String name, int batchSize, Source<T, K> source,
		Function<? super T, K> key, Consumer<List<T>> handler) {

	/**
	 * Validates the job.
	 */
	public BatchJob {
		Assert.hasText(name, "name must not be empty");
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
	}

	/**
	 * Starts a job with a batch size of 500 and no source, key or handler yet.
	 * @param <T> the row type
	 * @param <K> the key type
	 * @param name the job name
	 * @return the job
	 */
	public static <T, K extends Comparable<? super K>> BatchJob<T, K> named(String name) {
		return new BatchJob<>(name, 500, null, null, null);
	}

	/**
	 * A copy with another batch size.
	 * @param batchSize rows per batch
	 * @return the job
	 */
	public BatchJob<T, K> batchSize(int batchSize) {
		return new BatchJob<>(this.name, batchSize, this.source, this.key, this.handler);
	}

	/**
	 * A copy with another source.
	 * @param source fetches the rows after a key
	 * @return the job
	 */
	public BatchJob<T, K> source(Source<T, K> source) {
		return new BatchJob<>(this.name, this.batchSize, source, this.key, this.handler);
	}

	/**
	 * A copy with another key.
	 * @param key extracts the key of a row
	 * @return the job
	 */
	public BatchJob<T, K> key(Function<? super T, K> key) {
		return new BatchJob<>(this.name, this.batchSize, this.source, key, this.handler);
	}

	/**
	 * A copy with another handler.
	 * @param handler handles the rows of a batch
	 * @return the job
	 */
	public BatchJob<T, K> handler(Consumer<List<T>> handler) {
		return new BatchJob<>(this.name, this.batchSize, this.source, this.key, handler);
	}

	/**
	 * Fetches the next rows of a job.
	 *
	 * @param <T> the row type
	 * @param <K> the key type
	 */
	@FunctionalInterface
	public interface Source<T, K> {

		/**
		 * The rows with a key greater than {@code afterKey}, in key order.
		 * @param afterKey the last key handled, {@code null} for the start
		 * @param limit the most rows to return
		 * @return the rows, fewer than {@code limit} only at the end
		 */
		List<T> fetch(K afterKey, int limit);

	}

}
