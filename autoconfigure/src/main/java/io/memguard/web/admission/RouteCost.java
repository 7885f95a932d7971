package io.memguard.web.admission;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the {@link MemoryAdmission} knows about one route pattern: the bytes a request
 * allocates on its thread (an upper bound of what it holds), the fraction of them it
 * really holds, as the heap after each collection tells, and how many requests are in
 * flight.
 * <p>
 * A streaming export allocates hundreds of megabytes and holds a few; a request that
 * builds a large response holds most of what it allocates. Both start at a hold ratio of
 * one, and collections bring the ratio down where the heap proves the reservations too
 * large (see {@link MemoryAdmission#reconcile}); each measured request moves it back up a
 * little, so a route whose behaviour changes is re-tested.
 */
public final class RouteCost {

	/** Least hold ratio: a route is never taken to hold nothing. */
	static final double MIN_HOLD_RATIO = 1.0 / 256;

	/**
	 * Collections a request must typically live through before they may scale it: one, as
	 * a young generation that the collector sizes at will (up to 60 % of the heap under
	 * G1) lets a 130 MB export on a 256 MB heap live through anything from one to five.
	 */
	static final double MIN_COLLECTIONS_TO_SCALE = 1;

	private final String pattern;

	private final AtomicReference<InFlight> inFlight = new AtomicReference<>(new InFlight(0, 0, 0));

	private volatile boolean learned;

	private volatile long allocatedBytes;

	private volatile double holdRatio = 1;

	private volatile long samples;

	private volatile double collectionsPerRequest = -1;

	private volatile long heldFromCollections = -1;

	RouteCost(String pattern) {
		this.pattern = pattern;
	}

	/**
	 * The route pattern, as the handler mapping reported it.
	 * @return the pattern
	 */
	public String pattern() {
		return this.pattern;
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
	 * Fraction of what a request allocates that it holds, as collections tell.
	 * @return the ratio, between {@value #MIN_HOLD_RATIO} and 1
	 */
	public double holdRatio() {
		return this.holdRatio;
	}

	/**
	 * Bytes a request of this route is expected to hold.
	 * @param allocatedWhenUnknown the allocation to assume while none was measured
	 * @return the expected held bytes
	 */
	long heldBytes(long allocatedWhenUnknown) {
		if (!this.learned && this.heldFromCollections >= 0) {
			return this.heldFromCollections;
		}
		return (long) ((this.learned ? this.allocatedBytes : allocatedWhenUnknown) * this.holdRatio);
	}

	/**
	 * Sets what a request is expected to hold as collections alone tell, for a route
	 * whose threads cannot be measured (virtual threads); ignored once a request was
	 * measured.
	 * @param bytes the bytes per request
	 */
	void heldFromCollections(long bytes) {
		this.heldFromCollections = bytes;
	}

	/**
	 * Requests of this route admitted and not yet completed.
	 * @return the in-flight count
	 */
	public long inFlight() {
		return this.inFlight.get().requests();
	}

	/**
	 * What the requests of this route in flight have reserved now, after the shrinking
	 * collections asked for since they were admitted.
	 * @return the bytes
	 */
	long reservedInFlight() {
		return this.inFlight.get().bytes();
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
	 * expensive requests; the hold ratio creeps back toward one. Concurrent updates may
	 * lose a sample, which a smoothed figure tolerates.
	 * @param bytes bytes one request allocated, or a negative number when the thread
	 * could not be measured
	 * @param collections collections the request lived through, or a negative number when
	 * unknown
	 */
	void record(long bytes, long collections) {
		if (collections >= 0) {
			double current = this.collectionsPerRequest;
			this.collectionsPerRequest = (current < 0) ? collections : current + (collections - current) / 8;
		}
		if (bytes >= 0) {
			if (!this.learned) {
				this.allocatedBytes = bytes;
				this.learned = true;
			}
			else {
				long current = this.allocatedBytes;
				long delta = bytes - current;
				this.allocatedBytes = (delta > 0) ? bytes : current + delta / 8;
			}
		}
		this.holdRatio = Math.min(1, this.holdRatio + (1 - this.holdRatio) / 32);
		this.samples++;
	}

	/**
	 * Whether what collections see of this route's measured requests in flight tells what
	 * they hold: true when a request allocates more than a quarter of the heap over
	 * collections (a stream, an export). A request that builds a large result is seen
	 * mid-build by the collections its own allocation causes, so those would understate
	 * what it comes to hold. Routes whose threads cannot be measured are priced from
	 * collections another way ({@link #heldFromCollections}).
	 * @param heapMax the maximum heap
	 * @return whether collections may scale the route
	 */
	boolean holdsAcrossCollections(long heapMax) {
		return this.learned && this.collectionsPerRequest >= MIN_COLLECTIONS_TO_SCALE
				&& this.allocatedBytes > heapMax / 4;
	}

	/**
	 * Smoothed number of collections a request lives through.
	 * @return the figure, or {@code -1} while unknown
	 */
	public double collectionsPerRequest() {
		return this.collectionsPerRequest;
	}

	/**
	 * Scales the hold ratio, within its bounds.
	 * @param factor the factor
	 */
	void scaleHoldRatio(double factor) {
		this.holdRatio = Math.max(MIN_HOLD_RATIO, Math.min(1, this.holdRatio * factor));
	}

	boolean isLearning() {
		return this.samples < MemoryAdmission.LEARNING_SAMPLES;
	}

	/**
	 * Adds an admitted request's reservation.
	 * @param bytes the bytes reserved
	 * @return the route's scale at admission, to hand to {@link #completed}
	 */
	double started(long bytes) {
		for (;;) {
			InFlight current = this.inFlight.get();
			if (this.inFlight.compareAndSet(current,
					new InFlight(current.requests() + 1, current.bytes() + bytes, current.logScale()))) {
				return current.logScale();
			}
		}
	}

	/**
	 * Removes a completed request's reservation, as shrunk since its admission.
	 * @param bytes the bytes reserved at admission
	 * @param logScaleAtAdmission what {@link #started} returned
	 * @return the bytes the request still had reserved
	 */
	long completed(long bytes, double logScaleAtAdmission) {
		for (;;) {
			InFlight current = this.inFlight.get();
			long remaining = Math.min(current.bytes(),
					(long) (bytes * Math.exp(current.logScale() - logScaleAtAdmission)));
			InFlight next = (current.requests() <= 1) ? new InFlight(0, 0, 0)
					: new InFlight(current.requests() - 1, current.bytes() - remaining, current.logScale());
			if (this.inFlight.compareAndSet(current, next)) {
				return (current.requests() <= 1) ? current.bytes() : remaining;
			}
		}
	}

	/**
	 * Shrinks the reservations of the requests in flight, because the heap proved them
	 * too large.
	 * @param factor the factor, at most 1
	 * @return the bytes released by shrinking
	 */
	long shrinkInFlight(double factor) {
		for (;;) {
			InFlight current = this.inFlight.get();
			long shrunk = (long) (current.bytes() * factor);
			if (this.inFlight.compareAndSet(current,
					new InFlight(current.requests(), shrunk, current.logScale() + Math.log(factor)))) {
				return current.bytes() - shrunk;
			}
		}
	}

	/**
	 * The requests in flight, the bytes they have reserved, and the logarithm of the
	 * factor their reservations were shrunk by since the route last had none in flight.
	 */
	private record InFlight(long requests, long bytes, double logScale) {

	}

}
