package io.memguard.data.batch;

/**
 * Told about the progress of {@link KeysetBatchProcessor} jobs, for example to publish
 * metrics. Beans of this type are registered with the processor.
 */
public interface BatchProgressListener {

	/**
	 * Called after each committed batch.
	 * @param job the job name
	 * @param items the rows of the batch
	 */
	default void batchCommitted(String job, int items) {
	}

	/**
	 * Called when a batch failed and was rolled back.
	 * @param job the job name
	 */
	default void batchFailed(String job) {
	}

}
