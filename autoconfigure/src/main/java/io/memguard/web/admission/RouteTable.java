package io.memguard.web.admission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route patterns the handler mappings reported for completed requests, each with its
 * {@link RouteCost}, and the lookup of a request path before dispatch.
 * <p>
 * Only patterns are kept, never request paths: patterns come from the application's
 * mappings, so a client cannot add entries, take slots or bias a shared figure with
 * made-up paths. A path is looked up first as a literal pattern, then against the
 * patterns with variables by their literal prefix and number of segments (the longest
 * prefix wins); a path that matches neither is unknown and the controller prices it with
 * a prior. A bare {@code /**} (static resources, or nothing) never claims a path.
 */
final class RouteTable {

	/** Name of the entry for requests that no handler pattern matched. */
	static final String UNMAPPED = "(unmapped)";

	private final int maxRoutes;

	private final ConcurrentHashMap<String, RouteCost> byPattern = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, RouteCost> literals = new ConcurrentHashMap<>();

	private final RouteCost unmapped = new RouteCost(UNMAPPED);

	private volatile Templated[] templated = new Templated[0];

	RouteTable(int maxRoutes) {
		this.maxRoutes = maxRoutes;
	}

	/**
	 * The route a request path belongs to, as far as the patterns learned so far tell.
	 * Allocates nothing.
	 * @param path the request path within the application
	 * @return the route, or {@code null} when the path is unknown
	 */
	RouteCost lookup(String path) {
		RouteCost route = this.literals.get(path);
		if (route != null) {
			return route;
		}
		Templated[] candidates = this.templated;
		if (candidates.length == 0) {
			return null;
		}
		int segments = segments(path);
		Templated best = null;
		for (Templated candidate : candidates) {
			if (candidate.matches(path, segments) && (best == null || candidate.prefix.length() > best.prefix.length()
					|| (candidate.prefix.length() == best.prefix.length()
							&& candidate.route.allocatedBytes() > best.route.allocatedBytes()))) {
				best = candidate;
			}
		}
		return (best != null) ? best.route : null;
	}

	/**
	 * The route of a pattern, created on first sight while fewer than the maximum are
	 * known.
	 * @param pattern the pattern the handler mapping reported
	 * @return the route, or {@code null} when the table is full
	 */
	RouteCost forPattern(String pattern) {
		RouteCost route = this.byPattern.get(pattern);
		if (route != null || this.byPattern.size() >= this.maxRoutes) {
			return route;
		}
		synchronized (this) {
			route = this.byPattern.get(pattern);
			if (route == null && this.byPattern.size() < this.maxRoutes) {
				route = new RouteCost(pattern);
				this.byPattern.put(pattern, route);
				index(route);
			}
			return route;
		}
	}

	/**
	 * The entry of requests without a handler pattern (plain servlets), which is never
	 * looked up by path.
	 * @return the entry
	 */
	RouteCost unmapped() {
		return this.unmapped;
	}

	/**
	 * Every learned route, the unmapped entry included once it has measurements.
	 * @return the routes
	 */
	List<RouteCost> routes() {
		List<RouteCost> routes = new ArrayList<>(this.byPattern.values());
		if (this.unmapped.isLearned() || this.unmapped.inFlight() > 0) {
			routes.add(this.unmapped);
		}
		return routes;
	}

	Collection<RouteCost> patterns() {
		return this.byPattern.values();
	}

	private void index(RouteCost route) {
		String pattern = route.pattern();
		int wildcard = firstWildcard(pattern);
		if (wildcard < 0) {
			this.literals.put(pattern, route);
			return;
		}
		String prefix = pattern.substring(0, pattern.lastIndexOf('/', wildcard) + 1);
		if (prefix.length() <= 1 && pattern.startsWith("/**")) {
			return;
		}
		boolean anyDepth = pattern.endsWith("/**") || pattern.contains("{*");
		int segments = segments(anyDepth ? pattern.substring(0, pattern.lastIndexOf('/')) : pattern);
		Templated[] current = this.templated;
		Templated[] next = new Templated[current.length + 1];
		System.arraycopy(current, 0, next, 0, current.length);
		next[current.length] = new Templated(prefix, segments, anyDepth, route);
		this.templated = next;
	}

	private static int firstWildcard(String pattern) {
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '{' || c == '*' || c == '?') {
				return i;
			}
		}
		return -1;
	}

	private static int segments(String path) {
		int segments = 0;
		for (int i = 0; i < path.length(); i++) {
			if (path.charAt(i) == '/' && i + 1 < path.length()) {
				segments++;
			}
		}
		return segments;
	}

	/**
	 * A pattern with variables: its literal prefix up to the first segment with one, its
	 * number of segments and whether it matches any depth below.
	 */
	private record Templated(String prefix, int segments, boolean anyDepth, RouteCost route) {

		boolean matches(String path, int pathSegments) {
			return path.startsWith(this.prefix)
					&& (this.anyDepth ? pathSegments >= this.segments : pathSegments == this.segments);
		}

	}

}
