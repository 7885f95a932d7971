package io.memguard.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;

import org.springframework.core.Ordered;

/**
 * Sheds requests by memory-pressure level and admits the rest only while their expected
 * allocations fit in the heap headroom (see {@link AdmissionController}). Rejections are
 * {@code 503} problem+json with a jittered {@code Retry-After} and
 * {@code Connection: close}. Exempt paths (the actuator by default) always pass.
 * <p>
 * The admit path reads one volatile snapshot, looks the path up in a map and
 * compare-and-sets one counter; it allocates nothing and reads the thread allocation
 * counter only for the requests it measures.
 */
public class MemoryProtectionFilter implements Filter, Ordered {

	/** Order of the filter: ahead of security, body parsing and logging. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private static final Log logger = LogFactory.getLog(MemoryProtectionFilter.class);

	private static final String TITLE = "Service overloaded";

	private static final String CRITICAL_DETAIL = "Memory pressure is critical; retry later.";

	private static final String LOW_PRIORITY_DETAIL = "Memory pressure is high and this path has low priority; retry later.";

	private static final String NO_HEADROOM_DETAIL = "Not enough heap headroom for this request now; retry later.";

	private static final String OUT_OF_MEMORY_DETAIL = "The server ran out of memory serving this request; retry later.";

	private final MemoryMonitor monitor;

	private final AdmissionController admission;

	private final ThreadAllocationCounter allocations;

	private final RequestRejections rejections;

	private final PathPatterns<Boolean> exemptPaths;

	private final PathPatterns<Boolean> lowPriorityPaths;

	private final Duration retryAfter;

	private final int sampleEvery;

	/**
	 * Creates a filter.
	 * @param monitor the memory monitor
	 * @param admission the admission controller, or {@code null} to shed by level only
	 * @param allocations the thread allocation counter; admission needs one that works
	 * @param rejections where rejections are counted
	 * @param exemptPaths path patterns never shed
	 * @param lowPriorityPaths path patterns shed at WARNING
	 * @param retryAfter base Retry-After delay
	 * @param sampleEvery once a route is learned, measure one request in this many
	 */
	public MemoryProtectionFilter(MemoryMonitor monitor, AdmissionController admission,
			ThreadAllocationCounter allocations, RequestRejections rejections, List<String> exemptPaths,
			List<String> lowPriorityPaths, Duration retryAfter, int sampleEvery) {
		this.monitor = monitor;
		this.admission = admission;
		this.allocations = allocations;
		this.rejections = rejections;
		this.exemptPaths = PathPatterns.matchingAnyOf(exemptPaths);
		this.lowPriorityPaths = PathPatterns.matchingAnyOf(lowPriorityPaths);
		this.retryAfter = retryAfter;
		this.sampleEvery = Math.max(1, sampleEvery);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (this.exemptPaths.match(request) != null) {
			guardOutOfMemory(request, response, chain);
			return;
		}
		MemoryPressureLevel level = this.monitor.level();
		if (level == MemoryPressureLevel.CRITICAL) {
			reject(response, CRITICAL_DETAIL);
			return;
		}
		if (level == MemoryPressureLevel.WARNING && this.lowPriorityPaths.match(request) != null) {
			reject(response, LOW_PRIORITY_DETAIL);
			return;
		}
		if (this.admission == null) {
			guardOutOfMemory(request, response, chain);
			return;
		}
		String path = path(request);
		RouteCost route = this.admission.route(path);
		long admitted = this.admission.tryAdmit(route);
		if (admitted == AdmissionController.REJECTED) {
			reject(response, NO_HEADROOM_DETAIL);
			return;
		}
		admitted(request, response, chain, path, route, admitted);
	}

	private void admitted(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path,
			RouteCost route, long admitted) throws IOException, ServletException {
		boolean measure = AdmissionController.isProbe(admitted)
				|| ThreadLocalRandom.current().nextInt(this.sampleEvery) == 0;
		long before = (measure) ? this.allocations.currentThreadAllocatedBytes() : 0;
		boolean releaseLater = false;
		try {
			guardOutOfMemory(request, response, chain);
			releaseLater = ReleaseOnAsyncCompletion.defer(request, () -> this.admission.release(route, admitted));
		}
		finally {
			// what the request thread allocated, also for failed requests and the
			// synchronous part of async ones, so that no route stays a probe forever
			if (measure) {
				Object pattern = request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE);
				this.admission.learn(route, path, (pattern instanceof String text) ? text : null,
						this.allocations.currentThreadAllocatedBytes() - before);
			}
			if (!releaseLater) {
				this.admission.release(route, admitted);
			}
		}
	}

	private void guardOutOfMemory(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try {
			chain.doFilter(request, response);
		}
		catch (OutOfMemoryError error) {
			if (!answeredOutOfMemory(request, response, error)) {
				throw error;
			}
		}
		catch (ServletException ex) {
			// the DispatcherServlet wraps errors thrown by handlers
			if (!(ex.getRootCause() instanceof OutOfMemoryError error)) {
				throw ex;
			}
			if (!answeredOutOfMemory(request, response, error)) {
				throw ex;
			}
		}
	}

	private boolean answeredOutOfMemory(HttpServletRequest request, HttpServletResponse response,
			OutOfMemoryError error) throws IOException {
		this.monitor.reportOutOfMemory();
		if (this.admission != null) {
			this.admission.reportOutOfMemory();
		}
		if (response.isCommitted()) {
			return false;
		}
		logger.warn("Request " + request.getRequestURI() + " ran out of memory; answered 503", error);
		reject(response, OUT_OF_MEMORY_DETAIL);
		return true;
	}

	private void reject(HttpServletResponse response, String detail) throws IOException {
		this.rejections.record(RejectionReason.MEMORY);
		ProblemResponses.write(response, RejectionReason.MEMORY.status(), RejectionReason.MEMORY.tag(), TITLE, detail,
				this.retryAfter, true);
	}

	private static String path(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? servletPath + pathInfo : servletPath;
	}

}
