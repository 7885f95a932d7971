package io.memguard.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.util.Assert;

/**
 * Allocation-aware admission: admits a request only while the bytes the requests in
 * flight are expected to allocate fit in the heap headroom (maximum heap minus the live
 * set minus a safety margin).
 * <p>
 * Routes are keyed by request path before dispatch, because the matching route pattern is
 * only known after handler mapping. After a path's first measured request its entry is
 * linked to the route pattern the handler mapping reported, so all paths of one pattern
 * share one figure. Paths and patterns are each bounded by {@code maxRoutes}; paths
 * beyond it share one overflow entry, so the model cannot leak.
 * <p>
 * A route not learned yet is admitted one request at a time, reserving the largest figure
 * learned so far; its concurrency then ramps up with its measurements. Accounting is a
 * compare-and-set on one counter; callers release exactly once what {@link #tryAdmit}
 * reserved.
 * <p>
 * The live set is recalibrated after each GC from the heap used after GC minus the
 * reservations of the requests then in flight (see {@link #calibrate}). When the heap
 * after a major GC still reaches into the safety margin, or a request ran out of memory,
 * allocated bytes understated the heap cost (G1 humongous objects take whole regions) and
 * every reservation is scaled up by a cost factor, which decays back once the heap stays
 * clear.
 */
public class AdmissionController {

	/** Returned by {@link #tryAdmit} when the request does not fit. */
	public static final long REJECTED = -1;

	/** Measurements after which a route is no longer probed. */
	static final int LEARNING_SAMPLES = 16;

	static final String OVERFLOW_ROUTE = "*";

	private static final double MAX_COST_FACTOR = 4;

	private final ConcurrentHashMap<String, RouteCost> byPath = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, RouteCost> byPattern = new ConcurrentHashMap<>();

	private final RouteCost overflow = new RouteCost(OVERFLOW_ROUTE);

	private final AtomicLong reservedBytes = new AtomicLong();

	private final long heapMax;

	private final long safetyMarginBytes;

	private final int maxRoutes;

	private volatile long liveBaseline;

	private volatile long budget;

	private volatile double costFactor = 1;

	private volatile long largestCost;

	/**
	 * Creates a controller.
	 * @param heapMax the maximum heap in bytes
	 * @param safetyMargin fraction of the maximum heap kept free
	 * @param maxRoutes how many paths, and how many patterns, are tracked
	 * @param liveSet the live set to start with, until the first GC recalibrates it
	 */
	public AdmissionController(long heapMax, double safetyMargin, int maxRoutes, long liveSet) {
		Assert.isTrue(heapMax > 0, "heapMax must be positive");
		Assert.isTrue(safetyMargin >= 0 && safetyMargin < 1, "safety margin must be in [0, 1)");
		Assert.isTrue(maxRoutes > 0, "maxRoutes must be positive");
		this.heapMax = heapMax;
		this.safetyMarginBytes = (long) (heapMax * safetyMargin);
		this.maxRoutes = maxRoutes;
		setLiveBaseline(liveSet);
	}

	/**
	 * The route entry for a request path, created on first sight.
	 * @param path the request path, relative to the context
	 * @return the entry, never {@code null}
	 */
	public RouteCost route(String path) {
		RouteCost route = this.byPath.get(path);
		if (route != null) {
			return route;
		}
		if (this.byPath.size() >= this.maxRoutes) {
			return this.overflow;
		}
		return this.byPath.computeIfAbsent(path, RouteCost::new);
	}

	/**
	 * Tries to admit a request of a route. A learned route reserves its figure times the
	 * cost factor, a route not learned yet the largest figure learned so far. While a
	 * route has fewer than {@value #LEARNING_SAMPLES} measurements its requests are
	 * probes, each measured, and at most one more probe than measurements is in flight: a
	 * new route runs one request at a time, and a figure learned from cheap requests
	 * cannot let a burst of expensive ones in at once. When nothing is reserved a request
	 * is always admitted, so admission never blocks the work that lets the heap recover.
	 * @param route the route
	 * @return the reserved bytes to hand to {@link #release}, or {@link #REJECTED}
	 */
	public long tryAdmit(RouteCost route) {
		boolean probe = route.isLearning();
		if (probe && !route.tryStartProbe()) {
			return REJECTED;
		}
		long cost = (long) ((route.isLearned() ? route.allocatedBytes() : this.largestCost) * this.costFactor);
		long budget = this.budget;
		for (;;) {
			long current = this.reservedBytes.get();
			long next = current + cost;
			if (next > budget && current > 0) {
				if (probe) {
					route.endProbe();
				}
				return REJECTED;
			}
			if (this.reservedBytes.compareAndSet(current, next)) {
				route.started();
				return (probe) ? -2 - cost : cost;
			}
		}
	}

	/**
	 * Releases what {@link #tryAdmit} reserved. Call exactly once per admitted request.
	 * @param route the route passed to {@code tryAdmit}
	 * @param admission the value {@code tryAdmit} returned
	 */
	public void release(RouteCost route, long admission) {
		boolean probe = admission < 0;
		this.reservedBytes.addAndGet(-(probe ? -2 - admission : admission));
		route.completed();
		if (probe) {
			route.endProbe();
		}
	}

	/**
	 * Whether an admission is a probe of a route still learning, to be measured.
	 * @param admission the value {@link #tryAdmit} returned
	 * @return whether the request must be measured
	 */
	public static boolean isProbe(long admission) {
		return admission < REJECTED;
	}

	/**
	 * Records the bytes one request allocated and links the path to its route pattern.
	 * @param route the route the request was admitted on
	 * @param path the request path
	 * @param pattern the best matching route pattern, or {@code null} when unknown
	 * @param allocatedBytes the bytes the request allocated on its thread
	 */
	public void learn(RouteCost route, String path, String pattern, long allocatedBytes) {
		route.record(allocatedBytes);
		if (pattern != null && route != this.overflow && !pattern.equals(route.name())) {
			RouteCost shared = this.byPattern.get(pattern);
			if (shared == null && this.byPattern.size() < this.maxRoutes) {
				shared = this.byPattern.computeIfAbsent(pattern, RouteCost::new);
			}
			if (shared != null) {
				if (shared != route) {
					shared.record(allocatedBytes);
				}
				this.byPath.replace(path, route, shared);
				route = shared;
			}
		}
		if (route.allocatedBytes() > this.largestCost) {
			this.largestCost = route.allocatedBytes();
		}
	}

	/**
	 * Recalibrates the live set after a garbage collection and corrects the cost factor.
	 * The live set is the heap used after GC minus the reservations in flight. After a
	 * minor collection the old generation still holds the garbage of requests that
	 * completed, so a higher figure is trusted only a quarter at a time, while a lower
	 * one or one from a major collection is taken at once. Likewise only a major
	 * collection proves the heap full.
	 * @param heapUsedAfterGc heap bytes in use right after the collection
	 * @param major whether the collection was a major (full) one
	 */
	public void calibrate(long heapUsedAfterGc, boolean major) {
		long reserved = this.reservedBytes.get();
		long line = this.heapMax - this.safetyMarginBytes;
		if (major && heapUsedAfterGc > line && reserved > 0) {
			this.costFactor = Math.min(MAX_COST_FACTOR, this.costFactor * 1.25);
		}
		else if (heapUsedAfterGc < line * 3 / 4) {
			this.costFactor = Math.max(1, this.costFactor * 0.9);
		}
		long liveSet = Math.max(0, heapUsedAfterGc - reserved);
		long current = this.liveBaseline;
		setLiveBaseline((major || liveSet < current) ? liveSet : current + (liveSet - current) / 4);
	}

	/**
	 * Corrects the model after an {@link OutOfMemoryError}: the requests in flight cost
	 * at least twice what it assumed. Idempotent, as one shortage fails many requests.
	 */
	public void reportOutOfMemory() {
		this.costFactor = Math.max(this.costFactor, 2);
	}

	private void setLiveBaseline(long liveSet) {
		this.liveBaseline = Math.max(0, liveSet);
		this.budget = this.heapMax - this.safetyMarginBytes - this.liveBaseline;
	}

	/**
	 * Bytes requests may reserve in all: maximum heap minus live set minus safety margin.
	 * @return the budget, negative when the live set alone reaches into the margin
	 */
	public long budget() {
		return this.budget;
	}

	/**
	 * Bytes reserved by the requests in flight.
	 * @return the reserved bytes
	 */
	public long reservedBytes() {
		return this.reservedBytes.get();
	}

	/**
	 * Live heap not held by requests in flight, as of the last GC.
	 * @return the live baseline in bytes
	 */
	public long liveBaseline() {
		return this.liveBaseline;
	}

	/**
	 * The maximum heap.
	 * @return the maximum heap in bytes
	 */
	public long heapMax() {
		return this.heapMax;
	}

	/**
	 * The safety margin.
	 * @return the safety margin in bytes
	 */
	public long safetyMarginBytes() {
		return this.safetyMarginBytes;
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
	 * Every tracked route, each once, patterns and unlinked paths alike.
	 * @return the routes
	 */
	public List<RouteCost> routes() {
		Set<RouteCost> routes = Collections.newSetFromMap(new IdentityHashMap<>());
		routes.addAll(this.byPattern.values());
		routes.addAll(this.byPath.values());
		if (this.overflow.isLearned() || this.overflow.inFlight() > 0) {
			routes.add(this.overflow);
		}
		return new ArrayList<>(routes);
	}

	Map<String, RouteCost> paths() {
		return this.byPath;
	}

}
