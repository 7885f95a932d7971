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
import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;
import io.memguard.web.admission.Admission;
import io.memguard.web.admission.MemoryAdmission;
import io.memguard.web.admission.RequestPriority;
import io.memguard.web.admission.ThreadAllocationCounter;

import org.springframework.core.Ordered;

/**
 * Sheds requests by memory-pressure level and admits the rest while what they are
 * expected to hold fits in the heap (see {@link MemoryAdmission}), letting a request that
 * does not fit wait briefly for room. Rejections are {@code 503} problem+json with a
 * jittered {@code Retry-After}. Exempt paths (the actuator by default) always pass.
 * <p>
 * At {@code CRITICAL} (what the application retains is close to the limit) everything but
 * exempt paths is shed; at {@code WARNING} low-priority requests are. A request's
 * priority comes from a header a gateway sets, when configured, else from path patterns.
 * <p>
 * The admit path reads one volatile snapshot, looks the path up among the learned route
 * patterns and compare-and-sets one counter; it reads the thread allocation counter only
 * for the requests it measures.
 */
public class MemoryProtectionFilter implements Filter, Ordered {

	/** Order of the filter: ahead of security, body parsing and logging. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private static final Log logger = LogFactory.getLog(MemoryProtectionFilter.class);

	private static final String TITLE = "Service overloaded";

	private static final String CRITICAL_DETAIL = "Memory pressure is critical; retry later.";

	private static final String LOW_PRIORITY_DETAIL = "Memory pressure is high and this request has low priority; retry later.";

	private static final String NO_HEADROOM_DETAIL = "Not enough heap headroom for this request now; retry later.";

	private static final String OUT_OF_MEMORY_DETAIL = "The server ran out of memory serving this request; retry later.";

	private final MemoryMonitor monitor;

	private final MemoryAdmission admission;

	private final ThreadAllocationCounter allocations;

	private final RequestRejections rejections;

	private final PathPatterns<Boolean> exemptPaths;

	private final PathPatterns<RequestPriority> priorityPaths;

	private final String priorityHeader;

	private final Duration retryAfter;

	private final boolean closeConnection;

	private final int sampleEvery;

	/**
	 * Creates a filter.
	 * @param monitor the memory monitor
	 * @param admission the admission controller, or {@code null} to shed by level only
	 * @param allocations the thread allocation counter
	 * @param rejections where rejections are counted
	 * @param settings paths, priorities and rejection settings
	 */
	public MemoryProtectionFilter(MemoryMonitor monitor, MemoryAdmission admission, ThreadAllocationCounter allocations,
			RequestRejections rejections, Settings settings) {
		this.monitor = monitor;
		this.admission = admission;
		this.allocations = allocations;
		this.rejections = rejections;
		this.exemptPaths = PathPatterns.matchingAnyOf(settings.exemptPaths());
		this.priorityPaths = PathPatterns.priorities(settings.criticalPaths(), settings.lowPriorityPaths());
		this.priorityHeader = (settings.priorityHeader() != null && !settings.priorityHeader().isBlank())
				? settings.priorityHeader() : null;
		this.retryAfter = settings.retryAfter();
		this.closeConnection = settings.closeConnection();
		this.sampleEvery = Math.max(1, settings.sampleEvery());
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
		String path = RequestPaths.withinApplication(request);
		if (this.exemptPaths.match(path) != null) {
			guardOutOfMemory(request, response, chain);
			return;
		}
		RequestPriority priority = priority(request, path);
		String shed = shedDetail(priority);
		if (shed != null) {
			reject(request, response, shed);
			return;
		}
		if (this.admission == null) {
			guardOutOfMemory(request, response, chain);
			return;
		}
		Admission admitted = this.admission.admit(path, this.admission.route(path), priority);
		if (admitted == null) {
			reject(request, response, NO_HEADROOM_DETAIL);
			return;
		}
		// the level may have risen while the request waited
		shed = (admitted.waitedNanos() > 0) ? shedDetail(priority) : null;
		if (shed != null) {
			this.admission.release(admitted);
			reject(request, response, shed);
			return;
		}
		admitted(request, response, chain, admitted);
	}

	/**
	 * Why the level sheds a request of this priority now: everything but exempt paths at
	 * CRITICAL, low-priority requests at WARNING.
	 * @return the detail of the rejection, or {@code null} when the level lets it pass
	 */
	private String shedDetail(RequestPriority priority) {
		MemoryPressureLevel level = this.monitor.level();
		if (level == MemoryPressureLevel.CRITICAL) {
			return CRITICAL_DETAIL;
		}
		return (level == MemoryPressureLevel.WARNING && priority == RequestPriority.LOW) ? LOW_PRIORITY_DETAIL : null;
	}

	private RequestPriority priority(HttpServletRequest request, String path) {
		if (this.priorityHeader != null) {
			RequestPriority fromHeader = RequestPriority.fromHeader(request.getHeader(this.priorityHeader));
			if (fromHeader != null) {
				return fromHeader;
			}
		}
		RequestPriority fromPath = this.priorityPaths.match(path);
		return (fromPath != null) ? fromPath : RequestPriority.NORMAL;
	}

	private void admitted(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Admission admitted) throws IOException, ServletException {
		boolean measure = admitted.mustMeasure() || ThreadLocalRandom.current().nextInt(this.sampleEvery) == 0;
		long before = (measure) ? this.allocations.currentThreadAllocatedBytes() : 0;
		boolean releaseLater = false;
		try {
			guardOutOfMemory(request, response, chain);
			releaseLater = ReleaseOnAsyncCompletion.defer(request, () -> this.admission.release(admitted));
		}
		finally {
			// what the request thread allocated, also for failed requests and the
			// synchronous part of async ones
			if (measure) {
				long after = (before >= 0) ? this.allocations.currentThreadAllocatedBytes() : -1;
				Object pattern = request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE);
				this.admission.learn((pattern != null) ? pattern.toString() : null, response.getStatus(),
						(after >= 0) ? after - before : -1, this.admission.collectionsDuring(admitted));
			}
			if (!releaseLater) {
				this.admission.release(admitted);
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
		reject(request, response, OUT_OF_MEMORY_DETAIL);
		return true;
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		this.rejections.record(RejectionReason.MEMORY);
		ProblemResponses.write(request, response, RejectionReason.MEMORY.status(), RejectionReason.MEMORY.tag(), TITLE,
				detail, this.retryAfter, this.closeConnection);
	}

	/**
	 * Paths, priorities and how rejections are answered.
	 *
	 * @param exemptPaths path patterns never shed nor admission-controlled
	 * @param criticalPaths path patterns of critical priority
	 * @param lowPriorityPaths path patterns of low priority, shed at WARNING
	 * @param priorityHeader request header that names the priority ({@code critical},
	 * {@code normal}, {@code low}), or {@code null} to use paths only
	 * @param retryAfter base Retry-After delay
	 * @param closeConnection whether every rejection closes the connection; rejections of
	 * requests with a body always do, so that the body is not read
	 * @param sampleEvery once a route is learned, measure one request in this many
	 */
	public record Settings(List<String> exemptPaths, List<String> criticalPaths, List<String> lowPriorityPaths,
			String priorityHeader, Duration retryAfter, boolean closeConnection, int sampleEvery) {

	}

}
