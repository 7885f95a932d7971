package io.memguard.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the {@link AdmissionController} knows about one route: the bytes a request
 * allocates, smoothed, and how many requests are in flight.
 */
public final class RouteCost {

	private final String name;

	private final LongAdder inFlight = new LongAdder();

	private final AtomicInteger probes = new AtomicInteger();

	private volatile boolean learned;

	private volatile long allocatedBytes;

	private volatile long samples;

	RouteCost(String name) {
		this.name = name;
	}

	/**
	 * The route pattern, or the request path while the pattern is not known.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Whether at least one request of this route has been measured.
	 * @return whether the route is learned
	 */
	public boolean isLearned() {
		return this.learned;
	}

	/**
	 * Smoothed bytes allocated per request.
	 * @return the learned figure, 0 while not learned
	 */
	public long allocatedBytes() {
		return this.allocatedBytes;
	}

	/**
	 * Requests of this route admitted and not yet completed.
	 * @return the in-flight count
	 */
	public long inFlight() {
		return this.inFlight.sum();
	}

	/**
	 * Requests measured so far.
	 * @return the sample count
	 */
	public long samples() {
		return this.samples;
	}

	/**
	 * Adds a measurement. The figure jumps up to a larger sample at once and falls slowly
	 * (by an eighth of the difference), so a route whose cost varies is budgeted at its
	 * expensive requests. Concurrent updates may lose a sample, which a smoothed figure
	 * tolerates.
	 * @param bytes bytes one request allocated
	 */
	void record(long bytes) {
		long sample = Math.max(0, bytes);
		if (!this.learned) {
			this.allocatedBytes = sample;
			this.learned = true;
		}
		else {
			long current = this.allocatedBytes;
			long delta = sample - current;
			this.allocatedBytes = (delta > 0) ? sample : current + delta / 8;
		}
		this.samples++;
	}

	/**
	 * Starts a measured request while the route is still learning: at most one more in
	 * flight than measurements so far, so a route not learned yet runs one at a time and
	 * its concurrency ramps up as its figure firms.
	 */
	boolean tryStartProbe() {
		long limit = this.samples + 1;
		for (;;) {
			int current = this.probes.get();
			if (current >= limit) {
				return false;
			}
			if (this.probes.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void endProbe() {
		this.probes.decrementAndGet();
	}

	boolean isLearning() {
		return this.samples < AdmissionController.LEARNING_SAMPLES;
	}

	void started() {
		this.inFlight.increment();
	}

	void completed() {
		this.inFlight.decrement();
	}

}
