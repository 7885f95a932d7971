package io.memguard.web.limits;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.util.unit.DataSize;

/**
 * Deadlines for clients to send their request bodies. A request that is still waiting for
 * its body when its deadline passes gives its concurrency slot back at once and its
 * further body reads fail with {@link RequestBodyTimeoutException}: a client that sends
 * its body a byte at a time (slow loris) cannot hold a slot for longer than the timeout.
 * A body that keeps arriving at the minimum rate or faster extends its deadline, so large
 * uploads over slow links still complete. One daemon thread checks the deadlines.
 */
final class BodyReadDeadlines implements AutoCloseable {

	// Between two checks of a deadline that passed while the application was not reading
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final long timeoutNanos;

	private final double nanosPerByte;

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Creates the deadlines.
	 * @param timeout how long a body may take, from admission
	 * @param minRate the body rate, per second, that extends the deadline; zero or less
	 * for none
	 */
	BodyReadDeadlines(Duration timeout, DataSize minRate) {
		this.timeoutNanos = timeout.toNanos();
		this.nanosPerByte = (minRate.toBytes() > 0) ? 1e9 / minRate.toBytes() : 0;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "memguard-body-deadline");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Starts the deadline of one request body.
	 * @param contentLength the declared length, or {@code -1} for a chunked body
	 * @param onExpiry run once if the deadline passes while the body is awaited
	 * @return the deadline
	 */
	Deadline start(long contentLength, Runnable onExpiry) {
		Deadline deadline = new Deadline(contentLength, onExpiry);
		deadline.schedule(this.timeoutNanos);
		return deadline;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * The deadline of one request body, told about every read of the body.
	 */
	final class Deadline {

		private final long contentLength;

		private final Runnable onExpiry;

		private final long startNanos = System.nanoTime();

		private final AtomicBoolean expired = new AtomicBoolean();

		private volatile long received;

		private volatile boolean reading;

		private volatile boolean finished;

		private volatile ScheduledFuture<?> check;

		private Deadline(long contentLength, Runnable onExpiry) {
			this.contentLength = contentLength;
			this.onExpiry = onExpiry;
		}

		private void schedule(long delayNanos) {
			this.check = BodyReadDeadlines.this.scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
		}

		private void check() {
			if (this.finished) {
				return;
			}
			long due = this.startNanos + BodyReadDeadlines.this.timeoutNanos
					+ (long) (this.received * BodyReadDeadlines.this.nanosPerByte);
			long now = System.nanoTime();
			if (now - due < 0) {
				schedule(due - now);
			}
			else if (!this.reading) {
				// the application, not the client, is what the request waits for now
				schedule(RECHECK_NANOS);
			}
			else if (this.expired.compareAndSet(false, true)) {
				this.onExpiry.run();
			}
		}

		/**
		 * Called before a read of the body.
		 * @throws RequestBodyTimeoutException if the deadline has passed
		 */
		void readStarting() throws RequestBodyTimeoutException {
			if (this.expired.get()) {
				throw new RequestBodyTimeoutException();
			}
			this.reading = true;
		}

		/**
		 * Called after a read of the body, also when it failed.
		 * @param read the bytes read, {@code -1} at the end of the body
		 * @throws RequestBodyTimeoutException if the deadline passed during the read
		 */
		void readEnded(int read) throws RequestBodyTimeoutException {
			this.reading = false;
			if (read > 0) {
				this.received += read;
			}
			if (read < 0 || (this.contentLength >= 0 && this.received >= this.contentLength)) {
				finish();
			}
			if (this.expired.get()) {
				throw new RequestBodyTimeoutException();
			}
		}

		/**
		 * Stops the deadline: the body is complete or the request is over.
		 */
		void finish() {
			this.finished = true;
			ScheduledFuture<?> pending = this.check;
			if (pending != null) {
				pending.cancel(false);
			}
		}

		/**
		 * Whether the deadline passed while the body was awaited.
		 * @return whether the request lost its slot to the deadline
		 */
		boolean isExpired() {
			return this.expired.get();
		}

	}

}
