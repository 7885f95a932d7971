package io.memguard.web.admission;

/**
 * One request the {@link MemoryAdmission} admitted: what it reserved, to be released
 * exactly once.
 */
public final class Admission {

	private final RouteCost route;

	private final long reservedBytes;

	private final RequestPriority priority;

	private final long waitedNanos;

	private final long collectionsAtAdmission;

	private final double routeScale;

	Admission(RouteCost route, long reservedBytes, RequestPriority priority, long waitedNanos,
			long collectionsAtAdmission) {
		this.route = route;
		this.reservedBytes = reservedBytes;
		this.priority = priority;
		this.waitedNanos = waitedNanos;
		this.collectionsAtAdmission = collectionsAtAdmission;
		this.routeScale = (route != null) ? route.started(reservedBytes) : 0;
	}

	/**
	 * The route the request was priced as, or {@code null} when its path was unknown.
	 * @return the route
	 */
	public RouteCost route() {
		return this.route;
	}

	/**
	 * The bytes reserved for the request at admission; collections may since have shrunk
	 * the reservations of its route.
	 * @return the reservation
	 */
	public long reservedBytes() {
		return this.reservedBytes;
	}

	/**
	 * The request's priority.
	 * @return the priority
	 */
	public RequestPriority priority() {
		return this.priority;
	}

	/**
	 * How long the request waited for room.
	 * @return the wait in nanoseconds, {@code 0} when admitted at once
	 */
	public long waitedNanos() {
		return this.waitedNanos;
	}

	long collectionsAtAdmission() {
		return this.collectionsAtAdmission;
	}

	/**
	 * Gives the reservation back to its route.
	 * @return the bytes still reserved, to be released
	 */
	long complete() {
		return (this.route != null) ? this.route.completed(this.reservedBytes, this.routeScale) : this.reservedBytes;
	}

	/**
	 * Whether the request should be measured to learn its route: routes still learning
	 * and unknown paths are measured every time.
	 * @return whether to measure
	 */
	public boolean mustMeasure() {
		return this.route == null || this.route.isLearning();
	}

}
