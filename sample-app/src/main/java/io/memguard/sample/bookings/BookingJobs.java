package io.memguard.sample.bookings;

import io.memguard.data.batch.BatchJob;
import io.memguard.data.batch.BatchResult;
import io.memguard.data.batch.KeysetBatchProcessor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/**
 * The bookings' batch jobs, run from the HTTP endpoint or the command line.
 */
@Component
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
class BookingJobs {

	private final BookingRepository bookings;

	private final KeysetBatchProcessor processor;

	BookingJobs(BookingRepository bookings, KeysetBatchProcessor processor) {
		this.bookings = bookings;
		this.processor = processor;
	}

	/**
	 * Expires every pending booking, one transaction per batch.
	 * @param batchSize rows per batch
	 * @param afterId the last id already handled (from a failed run), or {@code null}
	 * @return what the job did
	 */
	BatchResult<Long> expirePending(int batchSize, Long afterId) {
		BatchJob<Booking, Long> job = BatchJob.<Booking, Long>named("expire-pending")
			.batchSize(batchSize)
			.source((after, limit) -> this.bookings.findBatch((after != null) ? after : 0L, Limit.of(limit)))
			.key(Booking::getId)
			.handler((batch) -> batch.forEach(Booking::expireIfPending));
		return this.processor.run(job, afterId);
	}

}
