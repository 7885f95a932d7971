package io.memguard.web.admission;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.memguard.memory.HeapAfterCollection;
import io.memguard.memory.HeapHeldInFlight;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemorySnapshot;

import org.springframework.util.Assert;

/**
 * Memory-aware admission: admits a request while what the requests in flight are expected
 * to hold fits in the budget, the room retained data leaves free (maximum heap minus a
 * safety margin minus the retained heap, from the {@link MemoryMonitor}); a request that
 * does not fit waits, briefly and in a bounded queue, for reservations to be released.
 * The budget is on the whole heap whatever the collector: under Serial and Parallel the
 * young generation holds requests' data too, and the harness served as many requests
 * there as under G1.
 * <p>
 * <b>What a request holds.</b> Each route pattern learns the bytes a request allocates on
 * its thread, an upper bound, and a hold ratio: after each collection the heap tells what
 * the requests in flight really held ({@link #reconcile}), and routes whose reservations
 * proved too large are scaled down by their share. A streaming export that allocates
 * hundreds of megabytes costs its real footprint and does not starve the rest. Being this
 * controller's {@link HeapHeldInFlight}, its reservations are also what the monitor takes
 * off the live heap: memory on loan to admitted requests is not pressure. Routes whose
 * threads cannot be measured (virtual threads) are priced from collections alone
 * ({@link #reconcile}).
 * <p>
 * <b>Who goes first.</b> A request whose expected hold is at most the cheap size may use
 * the whole budget; costlier ones leave room for two cheap ones, so cheap requests are
 * never turned away because heavy ones hold the heap. {@link RequestPriority#LOW}
 * requests may fill only a share of the budget. Waiting requests are admitted highest
 * priority first, oldest first, each as soon as it fits; when the queue is full a
 * newcomer displaces the newest waiter of a lower priority, or is refused.
 * <p>
 * <b>Unknown paths</b> (a route not learned yet) are priced with a prior, the largest
 * hold learned so far within 1/8 to 1/4 of the heap, and while another unknown path is in
 * flight may, like low-priority requests, fill only a share of the budget: a burst to a
 * new route is admitted a few at a time until its first request has taught its cost and
 * made-up paths cannot crowd out learned routes, yet a long request holding part of the
 * budget cannot keep new routes from being learned. When nothing is reserved a request is
 * always admitted, so admission never blocks the work that lets the heap recover.
 * Accounting is a compare-and-set on one counter, without a lock while nobody waits.
 * <p>
 * When the heap after a major collection still reaches into the safety margin, or a
 * request ran out of memory, allocated bytes understated the heap cost (G1 humongous
 * objects take whole regions) and every reservation is scaled up by a cost factor, which
 * decays back once the heap stays clear.
 */
public class MemoryAdmission implements HeapHeldInFlight {

	/** Measurements after which a route is sampled instead of measured every time. */
	static final int LEARNING_SAMPLES = 16;

	private static final double MAX_COST_FACTOR = 4;

	private static final int CHEAP_REQUESTS_KEPT_ROOM_FOR = 2;

	private static final int MIN_PRIOR_CAPACITY_DIVISOR = 8;

	private static final int MAX_PRIOR_CAPACITY_DIVISOR = 4;

	private static final double SHRINK_BELOW = 0.5;

	private static final double ESTIMATE_STEP = 0.5;

	private static final double UNDERSTATED_BY = 1.25;

	private static final int QUIET_DIVISOR = 10;

	private static final long QUIET_MEASUREMENT_LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(10);

	private static final long WAIT_BEFORE_WANTING_COLLECTION_NANOS = 1_000_000_000L;

	private final MemoryMonitor monitor;

	private final Settings settings;

	private final RouteTable routes;

	private final AtomicLong reservedBytes = new AtomicLong();

	private final LongAdder releasedBytes = new LongAdder();

	private final AtomicInteger unknownInFlight = new AtomicInteger();

	private final ReentrantLock queueLock = new ReentrantLock();

	private final Map<RequestPriority, ArrayDeque<Waiter>> queues = new EnumMap<>(RequestPriority.class);

	private final Map<WaitOutcome, LongAdder> waitOutcomes = new EnumMap<>(WaitOutcome.class);

	private volatile int waiting;

	private final boolean concurrentCollector;

	private volatile double costFactor = 1;

	private volatile long largestHeld;

	private volatile long lastCollectionNanos = System.nanoTime();

	private volatile long quietRetained = -1;

	private volatile long quietMeasuredAtNanos;

	private volatile long collections;

	/**
	 * Creates a controller.
	 * @param monitor the memory monitor whose snapshots give the budget
	 * @param settings the settings
	 */
	public MemoryAdmission(MemoryMonitor monitor, Settings settings) {
		this(monitor, settings, collectsConcurrently());
	}

	MemoryAdmission(MemoryMonitor monitor, Settings settings, boolean concurrentCollector) {
		this.monitor = monitor;
		this.settings = settings;
		this.concurrentCollector = concurrentCollector;
		this.routes = new RouteTable(settings.maxRoutes());
		for (RequestPriority priority : RequestPriority.values()) {
			this.queues.put(priority, new ArrayDeque<>());
		}
		for (WaitOutcome outcome : WaitOutcome.values()) {
			this.waitOutcomes.put(outcome, new LongAdder());
		}
	}

	/**
	 * The safety margin that suits the running collector: 0.10, or 0.05 under Serial.
	 * Measured with the overload harness on a 256 MB heap with 83 MB retained, requests
	 * holding 24 MB: G1, Parallel and Serial served six at once (88 % of the heap live)
	 * without running out of memory and ran out with eight. Serial compacts the whole
	 * heap and ran out only with 98 % of its usable heap retained (G1 at 91 %: its
	 * evacuation needs free regions), and its usable heap already leaves a survivor space
	 * out: with 0.10 it admitted five requests where six fitted. ZGC and Shenandoah need
	 * room to allocate while they collect, but the heap they report after a cycle already
	 * holds it (what was allocated during the cycle, and the garbage ZGC leaves in pages
	 * it does not relocate, 20 MB in the flood), and so does the retained heap taken from
	 * it: ZGC served four at once with 0.10 and ran out with six.
	 * @return the fraction of the maximum heap to keep free
	 */
	public static double defaultSafetyMargin() {
		return collectsSerially() ? 0.05 : 0.10;
	}

	private static boolean collectsSerially() {
		return anyCollectorNamed("MarkSweepCompact"::equals);
	}

	/**
	 * Whether the running collector collects while the application allocates (ZGC,
	 * Shenandoah): the heap it reports after a cycle then includes what was allocated
	 * during the cycle.
	 * @return whether the collector is concurrent
	 */
	static boolean collectsConcurrently() {
		return anyCollectorNamed((name) -> name.startsWith("ZGC") || name.startsWith("Shenandoah"));
	}

	private static boolean anyCollectorNamed(Predicate<String> name) {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.anyMatch(name);
	}

	/**
	 * The route a request path belongs to, as far as the patterns learned so far tell.
	 * @param path the request path within the application
	 * @return the route, or {@code null} when the path is unknown
	 */
	public RouteCost route(String path) {
		return this.routes.lookup(path);
	}

	/**
	 * Admits a request when what it is expected to hold fits, waiting up to the maximum
	 * wait for room when it does not.
	 * @param path the request path within the application, to look the route up again
	 * once others have taught it
	 * @param route the route from {@link #route}, or {@code null} when unknown
	 * @param priority the request's priority
	 * @return the admission to hand to {@link #release}, or {@code null} when refused
	 */
	public Admission admit(String path, RouteCost route, RequestPriority priority) {
		if (this.waiting == 0) {
			Admission admitted = tryAdmit(route, priority);
			if (admitted != null || this.settings.maxWait().isZero() || this.settings.maxQueue() == 0) {
				return admitted;
			}
		}
		return awaitRoom(new Waiter(Thread.currentThread(), path, route, priority));
	}

	/**
	 * Admits a request when what it is expected to hold fits now, without waiting and
	 * whoever waits.
	 * @param route the route from {@link #route}, or {@code null} when unknown
	 * @param priority the request's priority
	 * @return the admission to hand to {@link #release}, or {@code null} when it does not
	 * fit
	 */
	Admission tryAdmit(RouteCost route, RequestPriority priority) {
		long cost = expectedHeld(route);
		return tryReserve(cost, ceiling(priority, route, cost, budget())) ? admitted(route, cost, priority, 0) : null;
	}

	/**
	 * Releases what {@link #admit} reserved and admits the waiters that now fit. Call
	 * exactly once per admitted request.
	 * @param admission the admission
	 */
	public void release(Admission admission) {
		long released = admission.complete();
		this.reservedBytes.addAndGet(-released);
		this.releasedBytes.add(released);
		if (admission.route() == null) {
			this.unknownInFlight.decrementAndGet();
		}
		if (this.waiting > 0) {
			dispatchWaiters();
		}
	}

	/**
	 * Records what one request allocated, under the route pattern the handler mapping
	 * reported. Requests without a pattern that were not found, and paths beyond the
	 * route limit, teach nothing.
	 * @param pattern the best matching route pattern, or {@code null} when none matched
	 * @param status the response status
	 * @param allocatedBytes the bytes the request allocated on its thread, or a negative
	 * number when the thread could not be measured (a virtual thread)
	 */
	public void learn(String pattern, int status, long allocatedBytes) {
		learn(pattern, status, allocatedBytes, -1);
	}

	/**
	 * Records what one request allocated and how many collections it lived through, under
	 * the route pattern the handler mapping reported.
	 * @param pattern the best matching route pattern, or {@code null} when none matched
	 * @param status the response status
	 * @param allocatedBytes the bytes the request allocated on its thread, or a negative
	 * number when the thread could not be measured
	 * @param collections the collections during the request (see
	 * {@link #collectionsDuring}), or a negative number when unknown
	 */
	public void learn(String pattern, int status, long allocatedBytes, long collections) {
		RouteCost route;
		if (pattern == null || "/**".equals(pattern)) {
			if (status == 404) {
				return;
			}
			route = (pattern != null) ? this.routes.forPattern(pattern) : this.routes.unmapped();
		}
		else {
			route = this.routes.forPattern(pattern);
		}
		if (route != null) {
			route.record(allocatedBytes, collections);
			long held = route.heldBytes(prior());
			if (held > this.largestHeld) {
				this.largestHeld = held;
			}
		}
	}

	/**
	 * Corrects the hold ratios after a collection. What the heap held beyond the retained
	 * set is what the requests in flight held. When that is less than half what they
	 * reserved, each route whose requests live through several collections (a stream, an
	 * export) is scaled down by its share of the reservations toward twice what was held,
	 * the reservations of its requests in flight included; a request that allocates in
	 * one burst is seen mid-burst by the collections it causes, so its route keeps its
	 * figure. When a major collection shows more held than reserved, the routes in flight
	 * are scaled up. The retained set compared with is measured independently of the hold
	 * ratios, by a major collection while little was reserved (and lowered by any
	 * collection that finds less), so that an underestimate cannot feed on itself; until
	 * there is one, nothing is scaled.
	 * <p>
	 * Also raises the cost factor when a major collection left the heap inside the safety
	 * margin because the requests in flight held clearly more (a quarter more) than they
	 * reserved (G1's humongous objects), and lets it decay while major collections find
	 * the reservations right or the heap stays clear. A heap that is merely tight, with
	 * the reservations right, is the safety margin's business, not the cost factor's.
	 * Under a concurrent collector (ZGC, Shenandoah) the heap after a cycle also holds
	 * what was allocated during it, so it never raises the cost factor there.
	 * <p>
	 * Routes whose threads cannot be measured learn what a request holds from the
	 * collections alone, told apart by the mix of their requests in flight.
	 * @param collection the heap after the collection
	 * @return the bytes the requests in flight held at the collection: what they
	 * reserved, but no more than the heap held beyond the retained set measured while
	 * quiet
	 */
	@Override
	public long reconcile(HeapAfterCollection collection) {
		this.lastCollectionNanos = System.nanoTime();
		this.collections++;
		long reserved = (collection.heldAtCollection() >= 0) ? collection.heldAtCollection() : this.reservedBytes.get();
		// the reservations of requests whose threads cannot be measured are priced from
		// this very figure: taking them off it would let an underestimate feed on itself
		List<RouteCost> unmeasured = this.routes.routes()
			.stream()
			.filter((route) -> !route.isLearned() && route.inFlight() > 0)
			.toList();
		if (collection.major() && reserved <= heapMax() / QUIET_DIVISOR && unmeasured.isEmpty()) {
			this.quietRetained = Math.max(0, collection.heapUsedAfterGc() - reserved);
			this.quietMeasuredAtNanos = System.nanoTime();
		}
		else if (this.quietRetained >= 0) {
			this.quietRetained = Math.min(this.quietRetained, collection.heapUsedAfterGc());
		}
		long retained = (this.quietRetained >= 0) ? this.quietRetained : collection.retainedBefore();
		long observed = Math.max(0, collection.heapUsedAfterGc() - retained);
		long line = line(heapMax());
		boolean heldMoreThanReserved = observed > reserved * UNDERSTATED_BY;
		if (collection.major() && reserved > 0 && collection.heapUsedAfterGc() > line && heldMoreThanReserved
				&& !this.concurrentCollector) {
			// the requests in flight held clearly more than they reserved, into the
			// margin
			this.costFactor = Math.min(MAX_COST_FACTOR, this.costFactor * 1.25);
		}
		else if ((collection.major() && !heldMoreThanReserved) || collection.heapUsedAfterGc() < line * 3 / 4) {
			this.costFactor = Math.max(1, this.costFactor * 0.9);
		}
		if (this.quietRetained < 0) {
			return reserved;
		}
		estimateUnmeasuredRoutes(unmeasured, collection.major(), observed, reserved);
		if (reserved > 0 && observed < reserved * SHRINK_BELOW) {
			// A request just admitted holds little yet and the retained set may have
			// grown
			// since it was measured: only a clear shortfall counts, and twice what was
			// seen
			// is kept
			double ratio = Math.min(1, 2.0 * observed / reserved);
			for (RouteCost route : this.routes.routes()) {
				long routeReserved = route.reservedInFlight();
				if (routeReserved > 0 && route.holdsAcrossCollections(heapMax())) {
					double factor = 1 - Math.min(1, (double) routeReserved / reserved) * (1 - ratio);
					route.scaleHoldRatio(factor);
					this.reservedBytes.addAndGet(-route.shrinkInFlight(factor));
				}
			}
		}
		else if (collection.major() && reserved > 0 && observed > reserved) {
			double ratio = Math.min(MAX_COST_FACTOR, (double) observed / reserved);
			for (RouteCost route : this.routes.routes()) {
				long routeReserved = route.reservedInFlight();
				if (routeReserved > 0 && route.isLearned()) {
					route.scaleHoldRatio(1 + Math.min(1, (double) routeReserved / reserved) * (ratio - 1));
				}
			}
		}
		this.largestHeld = this.routes.routes()
			.stream()
			.filter(RouteCost::isLearned)
			.mapToLong((route) -> route.heldBytes(0))
			.max()
			.orElse(0);
		if (this.waiting > 0) {
			dispatchWaiters();
		}
		return Math.min(reserved, observed);
	}

	/**
	 * Prices the routes whose threads cannot be measured (virtual threads) from
	 * collections alone. Each collection is one equation: what the heap held beyond the
	 * other reservations, against how many requests of each such route were in flight; a
	 * normalised least-mean-squares step moves each route's figure toward its solution,
	 * so that a cheap route in flight beside heavy ones is told apart from them as the
	 * mix varies. The figure after a young collection may hold promoted garbage, so only
	 * a collection of the whole heap may raise the figures; and only a clear shortfall
	 * (less than half of what they reserved) lowers them, toward twice what was seen.
	 * @param unmeasured the routes whose threads cannot be measured with requests in
	 * flight
	 * @param major whether the collection examined the whole heap
	 * @param observed bytes the heap held beyond the retained set
	 * @param reserved bytes the requests in flight had reserved
	 */
	private void estimateUnmeasuredRoutes(List<RouteCost> unmeasured, boolean major, long observed, long reserved) {
		if (unmeasured.isEmpty()) {
			return;
		}
		long prior = prior();
		long unmeasuredReserved = 0;
		double predicted = 0;
		double squares = 0;
		for (RouteCost route : unmeasured) {
			long inFlight = route.inFlight();
			unmeasuredReserved += route.reservedInFlight();
			predicted += (double) inFlight * route.heldBytes(prior);
			squares += (double) inFlight * inFlight;
		}
		if (squares == 0) {
			// they completed since the collection was reported
			return;
		}
		double heldByThem = Math.max(0, observed - (reserved - unmeasuredReserved));
		// a request that allocates in one burst is seen mid-burst by the collections its
		// own allocation causes: as for measured routes, only a clear shortfall lowers
		// the figures, toward twice what was seen
		double error = (heldByThem > predicted) ? heldByThem - predicted
				: Math.min(0, heldByThem / SHRINK_BELOW - predicted);
		if (error == 0 || (error > 0 && !major)) {
			return;
		}
		for (RouteCost route : unmeasured) {
			long before = route.heldBytes(prior);
			double step = ESTIMATE_STEP * error * route.inFlight() / squares;
			long after = (long) Math.max(prior * RouteCost.MIN_HOLD_RATIO,
					Math.min(heapMax() / MAX_PRIOR_CAPACITY_DIVISOR, before + step));
			route.heldFromCollections(after);
			if (after < before && before > 0) {
				this.reservedBytes.addAndGet(-route.shrinkInFlight((double) after / before));
			}
		}
	}

	/**
	 * How many collections a request lived through so far.
	 * @param admission the request's admission
	 * @return the collections since it was admitted
	 */
	public long collectionsDuring(Admission admission) {
		return this.collections - admission.collectionsAtAdmission();
	}

	/**
	 * Wants a collection when the retained set has not been measured while quiet, or not
	 * for a while, and little is reserved now; and when requests have waited for room for
	 * a second without one: only a collection shows whether the reservations that keep
	 * them out are held.
	 * @return whether to request a collection
	 */
	@Override
	public boolean wantsCollection() {
		long now = System.nanoTime();
		boolean quietMeasurementDue = this.quietRetained < 0
				|| now - this.quietMeasuredAtNanos > QUIET_MEASUREMENT_LIFETIME_NANOS;
		return (quietMeasurementDue && this.reservedBytes.get() <= heapMax() / QUIET_DIVISOR)
				|| (this.waiting > 0 && now - this.lastCollectionNanos > WAIT_BEFORE_WANTING_COLLECTION_NANOS);
	}

	/**
	 * Forgets the retained set measured so far, so that it is measured again: called once
	 * the application has started, as what start-up loaded (caches, seeded data) was
	 * perhaps not there yet.
	 */
	public void applicationStarted() {
		this.quietRetained = -1;
	}

	/**
	 * Bytes the requests in flight reserved.
	 * @return the reserved bytes
	 */
	@Override
	public long heldBytes() {
		return this.reservedBytes.get();
	}

	/**
	 * Bytes released by requests that completed, a running total.
	 * @return the released bytes so far
	 */
	@Override
	public long releasedBytes() {
		return this.releasedBytes.sum();
	}

	/**
	 * Corrects the model after an {@link OutOfMemoryError}: the requests in flight cost
	 * at least twice what it assumed. Idempotent, as one shortage fails many requests.
	 */
	public void reportOutOfMemory() {
		this.costFactor = Math.max(this.costFactor, 2);
	}

	/**
	 * Bytes requests may reserve in all: maximum heap minus safety margin minus the
	 * retained heap.
	 * @return the budget, negative when the retained heap alone reaches into the margin
	 */
	public long budget() {
		MemorySnapshot snapshot = this.monitor.snapshot();
		return line(snapshot.heapMax()) - snapshot.retainedBytes();
	}

	private long heapMax() {
		return this.monitor.snapshot().heapMax();
	}

	private long line(long capacity) {
		return (long) (capacity * (1 - this.settings.safetyMargin()));
	}

	/**
	 * Bytes reserved by the requests in flight.
	 * @return the reserved bytes
	 */
	public long reservedBytes() {
		return this.reservedBytes.get();
	}

	/**
	 * Requests waiting for room now.
	 * @return the number of waiting requests
	 */
	public int waiting() {
		return this.waiting;
	}

	/**
	 * How often requests that did not fit at once ended each way.
	 * @param outcome the outcome
	 * @return the count so far
	 */
	public long waitOutcomes(WaitOutcome outcome) {
		return this.waitOutcomes.get(outcome).sum();
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	/**
	 * Factor by which learned figures are scaled after the heap filled despite the
	 * budget.
	 * @return the cost factor, between 1 and 4
	 */
	public double costFactor() {
		return this.costFactor;
	}

	/**
	 * Bytes an unknown path is expected to hold: the largest learned hold, between 1/8
	 * and 1/4 of the maximum heap.
	 * @return the prior
	 */
	public long prior() {
		long capacity = heapMax();
		return Math.max(capacity / MIN_PRIOR_CAPACITY_DIVISOR,
				Math.min(this.largestHeld, capacity / MAX_PRIOR_CAPACITY_DIVISOR));
	}

	/**
	 * Every learned route pattern, with the entry of requests no pattern matched once it
	 * has measurements.
	 * @return the routes
	 */
	public List<RouteCost> routes() {
		return this.routes.routes();
	}

	/**
	 * Bytes a request of a route is expected to hold, the cost factor included.
	 * @param route the route, or {@code null} for an unknown path
	 * @return the expected held bytes
	 */
	public long expectedHeld(RouteCost route) {
		long prior = prior();
		return (long) (((route != null) ? route.heldBytes(prior) : prior) * this.costFactor);
	}

	private long ceiling(RequestPriority priority, RouteCost route, long cost, long budget) {
		if (cost <= this.settings.cheapRequestBytes() || (priority == RequestPriority.CRITICAL && route != null)) {
			return budget;
		}
		long shared = budget - this.settings.cheapRequestBytes() * CHEAP_REQUESTS_KEPT_ROOM_FOR;
		// one unknown path at a time may use the shared budget, so that a long request
		// holding part of the budget cannot keep every new route from being learned
		boolean limited = priority == RequestPriority.LOW || (route == null && this.unknownInFlight.get() > 0);
		return limited ? (long) (shared * this.settings.lowPriorityShare()) : shared;
	}

	private boolean tryReserve(long cost, long ceiling) {
		for (;;) {
			long current = this.reservedBytes.get();
			long next = current + cost;
			if (next > ceiling && current > 0) {
				return false;
			}
			if (this.reservedBytes.compareAndSet(current, next)) {
				return true;
			}
		}
	}

	private Admission admitted(RouteCost route, long cost, RequestPriority priority, long waitedNanos) {
		if (route == null) {
			this.unknownInFlight.incrementAndGet();
		}
		return new Admission(route, cost, priority, waitedNanos, this.collections);
	}

	private Admission awaitRoom(Waiter waiter) {
		this.queueLock.lock();
		try {
			dispatchWaitersLocked();
			RouteCost route = waiter.route();
			long cost = expectedHeld(route);
			if (tryReserve(cost, ceiling(waiter.priority, route, cost, budget()))) {
				return admitted(route, cost, waiter.priority, 0);
			}
			if (!enqueueLocked(waiter)) {
				this.waitOutcomes.get(WaitOutcome.QUEUE_FULL).increment();
				return null;
			}
		}
		finally {
			this.queueLock.unlock();
		}
		long deadline = waiter.enqueuedAt + this.settings.maxWait().toNanos();
		boolean interrupted = false;
		while (waiter.admission == null && !waiter.displaced) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				break;
			}
			LockSupport.parkNanos(this, remaining);
			if (Thread.interrupted()) {
				interrupted = true;
				break;
			}
		}
		if (waiter.admission == null && !waiter.displaced) {
			this.queueLock.lock();
			try {
				if (waiter.admission == null && this.queues.get(waiter.priority).remove(waiter)) {
					this.waiting--;
					this.waitOutcomes.get(WaitOutcome.TIMED_OUT).increment();
				}
			}
			finally {
				this.queueLock.unlock();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return waiter.admission;
	}

	private boolean enqueueLocked(Waiter waiter) {
		if (this.waiting >= this.settings.maxQueue()) {
			Waiter displaced = newestBelow(waiter.priority);
			if (displaced == null) {
				return false;
			}
			this.queues.get(displaced.priority).removeLast();
			this.waiting--;
			displaced.displaced = true;
			this.waitOutcomes.get(WaitOutcome.DISPLACED).increment();
			LockSupport.unpark(displaced.thread);
		}
		this.queues.get(waiter.priority).addLast(waiter);
		this.waiting++;
		return true;
	}

	private Waiter newestBelow(RequestPriority priority) {
		RequestPriority[] priorities = RequestPriority.values();
		for (int i = priorities.length - 1; i > priority.ordinal(); i--) {
			Waiter newest = this.queues.get(priorities[i]).peekLast();
			if (newest != null) {
				return newest;
			}
		}
		return null;
	}

	private void dispatchWaiters() {
		this.queueLock.lock();
		try {
			dispatchWaitersLocked();
		}
		finally {
			this.queueLock.unlock();
		}
	}

	private void dispatchWaitersLocked() {
		if (this.waiting == 0) {
			return;
		}
		long budget = budget();
		long now = System.nanoTime();
		for (RequestPriority priority : RequestPriority.values()) {
			Iterator<Waiter> waiters = this.queues.get(priority).iterator();
			while (waiters.hasNext()) {
				Waiter waiter = waiters.next();
				RouteCost route = waiter.route();
				long cost = expectedHeld(route);
				if (tryReserve(cost, ceiling(priority, route, cost, budget))) {
					waiters.remove();
					this.waiting--;
					this.waitOutcomes.get(WaitOutcome.ADMITTED).increment();
					waiter.admission = admitted(route, cost, priority, now - waiter.enqueuedAt);
					LockSupport.unpark(waiter.thread);
				}
			}
		}
	}

	/**
	 * How a request that did not fit at once ended.
	 */
	public enum WaitOutcome {

		/** Admitted once room was released. */
		ADMITTED,

		/** Refused after the maximum wait. */
		TIMED_OUT,

		/** Refused to make room in a full queue for a request of higher priority. */
		DISPLACED,

		/** Refused at once: the queue was full of requests of its priority or higher. */
		QUEUE_FULL

	}

	/**
	 * How admission is tuned.
	 *
	 * @param safetyMargin fraction of the maximum heap kept free of retained data and
	 * reservations
	 * @param maxRoutes how many route patterns are learned
	 * @param cheapRequestBytes expected hold up to which a request is cheap
	 * @param lowPriorityShare fraction of the budget low-priority requests may fill
	 * @param maxWait how long a request waits for room before it is refused
	 * @param maxQueue how many requests may wait at once
	 */
	public record Settings(double safetyMargin, int maxRoutes, long cheapRequestBytes, double lowPriorityShare,
			Duration maxWait, int maxQueue) {

		public Settings {
			Assert.isTrue(safetyMargin >= 0 && safetyMargin < 1, "safety margin must be in [0, 1)");
			Assert.isTrue(maxRoutes > 0, "maxRoutes must be positive");
			Assert.isTrue(cheapRequestBytes >= 0, "cheapRequestBytes must not be negative");
			Assert.isTrue(lowPriorityShare > 0 && lowPriorityShare <= 1, "low-priority share must be in (0, 1]");
			Assert.isTrue(maxWait != null && !maxWait.isNegative(), "maxWait must not be negative");
			Assert.isTrue(maxQueue >= 0, "maxQueue must not be negative");
		}

	}

	/**
	 * A request waiting for room. Its fields are guarded by the queue lock, and read
	 * without it by the waiting thread.
	 */
	private final class Waiter {

		private final Thread thread;

		private final String path;

		private final RouteCost knownRoute;

		private final RequestPriority priority;

		private final long enqueuedAt = System.nanoTime();

		private volatile Admission admission;

		private volatile boolean displaced;

		Waiter(Thread thread, String path, RouteCost route, RequestPriority priority) {
			this.thread = thread;
			this.path = path;
			this.knownRoute = route;
			this.priority = priority;
		}

		/**
		 * The route, looked up again while unknown: others may have taught it.
		 */
		RouteCost route() {
			return (this.knownRoute != null) ? this.knownRoute : MemoryAdmission.this.routes.lookup(this.path);
		}

	}

}
