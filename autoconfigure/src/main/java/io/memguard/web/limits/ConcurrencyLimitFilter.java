package io.memguard.web.limits;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;
import io.memguard.web.PathPatterns;
import io.memguard.web.ReleaseOnAsyncCompletion;
import io.memguard.web.limits.ConcurrencyLimiter.Admission;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Refuses requests over the global or per-client concurrency cap with {@code 429},
 * {@code Retry-After} and {@code application/problem+json}. A slot is released exactly
 * once, when the response really completes: when the chain returns or throws, or for an
 * asynchronous request when it completes, fails or times out.
 * <p>
 * The filter runs before Spring Security, so the principal that keys the per-client cap
 * is the one the servlet container knows (container or pre-authentication); otherwise the
 * client is its address.
 * <p>
 * A request with a body must have received it within a deadline (see
 * {@link BodyReadDeadlines}): a request still waiting for its body then gives its slot
 * back, and the body read that waited fails, answered with {@code 408}.
 */
public class ConcurrencyLimitFilter implements Filter, Ordered {

	/**
	 * Order of Memguard's registration: after the memory filter, before Spring Security
	 * and body parsing.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final ConcurrencyLimiter limiter;

	private final ClientKeyResolver clientKeys;

	private final PathPatterns<Boolean> exemptPaths;

	private final Duration retryAfter;

	private final RequestRejections rejections;

	private final BodyReadDeadlines bodyDeadlines;

	/**
	 * Creates the filter.
	 * @param limiter the limiter
	 * @param clientKeys tells which client a request comes from
	 * @param exemptPaths path patterns never limited
	 * @param retryAfter the base {@code Retry-After} delay
	 * @param rejections where rejections are counted
	 * @param bodyReadTimeout how long an admitted request may wait for its body; zero or
	 * negative for no deadline. Unused without a cap
	 * @param minBodyRate the body rate, per second, that extends the deadline
	 */
	public ConcurrencyLimitFilter(ConcurrencyLimiter limiter, ClientKeyResolver clientKeys, List<String> exemptPaths,
			Duration retryAfter, RequestRejections rejections, Duration bodyReadTimeout, DataSize minBodyRate) {
		this.limiter = limiter;
		this.clientKeys = clientKeys;
		this.exemptPaths = PathPatterns.matchingAnyOf(exemptPaths);
		this.retryAfter = retryAfter;
		this.rejections = rejections;
		boolean limiting = limiter.maxConcurrent() > 0 || limiter.maxPerClient() > 0;
		this.bodyDeadlines = (limiting && !bodyReadTimeout.isNegative() && !bodyReadTimeout.isZero())
				? new BodyReadDeadlines(bodyReadTimeout, minBodyRate) : null;
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (!(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response) || isExempt(request)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		String clientKey = this.limiter.isLimitingPerClient() ? this.clientKeys.resolve(request) : "";
		Admission admission = this.limiter.tryAcquire(clientKey);
		if (admission != Admission.ADMITTED) {
			reject(request, response, admission);
			return;
		}
		if (this.bodyDeadlines != null && ProblemResponses.declaresBody(request)) {
			admittedWithBody(request, response, chain, clientKey);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (!ReleaseOnAsyncCompletion.defer(request, () -> this.limiter.release(clientKey))) {
				this.limiter.release(clientKey);
			}
		}
	}

	private void admittedWithBody(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			String clientKey) throws IOException, ServletException {
		AtomicBoolean released = new AtomicBoolean();
		Runnable release = () -> {
			if (released.compareAndSet(false, true)) {
				this.limiter.release(clientKey);
			}
		};
		BodyReadDeadlines.Deadline deadline = this.bodyDeadlines.start(request.getContentLengthLong(), release);
		try {
			chain.doFilter(new BodyLimitedRequest(request, Long.MAX_VALUE, deadline), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!deadline.isExpired() || response.isCommitted()) {
				throw ex;
			}
		}
		finally {
			deadline.finish();
			if (!ReleaseOnAsyncCompletion.defer(request, release)) {
				release.run();
			}
		}
		if (deadline.isExpired()) {
			this.rejections.record(RejectionReason.BODY_TIMEOUT);
			writeBodyTimeoutProblem(request, response);
		}
	}

	@Override
	public void destroy() {
		if (this.bodyDeadlines != null) {
			this.bodyDeadlines.close();
		}
	}

	boolean isExempt(HttpServletRequest request) {
		return this.exemptPaths.match(request) != null;
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, Admission admission)
			throws IOException {
		RejectionReason reason = (admission == Admission.CONCURRENCY) ? RejectionReason.CONCURRENCY
				: RejectionReason.CLIENT_LIMIT;
		this.rejections.record(reason);
		String detail = (reason == RejectionReason.CONCURRENCY)
				? "The server has " + this.limiter.maxConcurrent() + " requests in flight, its limit."
				: "This client has " + this.limiter.maxPerClient() + " requests in flight, its limit.";
		ProblemResponses.write(request, response, reason.status(), reason.tag(), "Too many concurrent requests", detail,
				this.retryAfter, false);
	}

	/**
	 * Writes the {@code 408} problem response, unless the response is committed.
	 * @param request the request
	 * @param response the response
	 * @throws IOException on write failure
	 */
	static void writeBodyTimeoutProblem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemResponses.write(request, response, RejectionReason.BODY_TIMEOUT.status(),
				RejectionReason.BODY_TIMEOUT.tag(), "Request body too slow", "The request body did not arrive in time.",
				null, true);
	}

}
