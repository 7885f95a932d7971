package io.memguard.data.batch;

import java.time.Duration;

/**
 * What a {@link KeysetBatchProcessor} run did.
 *
 * @param <K> the key type
 * @param job the job name
 * @param batches the batches committed
 * @param items the rows committed
 * @param lastCommittedKey key of the last committed row (resume after it), or the start
 * key when nothing was committed
 * @param elapsed how long the run took
 * @param failure the failed batch, {@code null} when the job completed
 */
public record BatchResult<K>(String job, long batches, long items, K lastCommittedKey, Duration elapsed,
		Failure<K> failure) {

	/**
	 * Whether every batch was committed.
	 * @return whether the job completed
	 */
	public boolean completed() {
		return this.failure == null;
	}

	/**
	 * The batch that failed and was rolled back; the batches before it stay committed.
	 *
	 * @param <K> the key type
	 * @param batch the number of the failed batch, from 1 in this run
	 * @param firstKey the first key of the batch, {@code null} if fetching failed
	 * @param lastKey the last key of the batch, {@code null} if fetching failed
	 * @param cause why it failed
	 */
	public record Failure<K>(long batch, K firstKey, K lastKey, Throwable cause) {

	}

}
