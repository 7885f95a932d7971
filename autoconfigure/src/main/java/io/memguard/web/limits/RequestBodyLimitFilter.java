package io.memguard.web.limits;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;
import io.memguard.web.PathPatterns;

import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Refuses request bodies over a size limit with {@code 413} and
 * {@code application/problem+json}. A declared {@code Content-Length} over the limit is
 * refused before any byte is read; any other body (chunked, or shorter than declared) is
 * counted as the application reads it and cut off as soon as it crosses the limit, so the
 * application never sees more than the limit.
 */
public class RequestBodyLimitFilter implements Filter, Ordered {

	/**
	 * Order of Memguard's registration: after the concurrency filter, before Spring
	 * Security and body parsing.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

	private final long defaultLimit;

	private final PathPatterns<Long> overrides;

	private final RequestRejections rejections;

	/**
	 * Creates the filter.
	 * @param defaultLimit the limit for paths without an override; negative for none
	 * @param overrides limits by path pattern, the most specific match wins; negative for
	 * none
	 * @param rejections where rejections are counted
	 */
	public RequestBodyLimitFilter(DataSize defaultLimit, Map<String, DataSize> overrides,
			RequestRejections rejections) {
		this.defaultLimit = defaultLimit.toBytes();
		this.overrides = PathPatterns.of(overrides).map(DataSize::toBytes);
		this.rejections = rejections;
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (!(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		long limit = limitFor(request);
		if (limit < 0 || hasNoBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > limit) {
			reject(request, response, limit);
			return;
		}
		BodyLimitedRequest limitedRequest = new BodyLimitedRequest(request, limit);
		try {
			chain.doFilter(limitedRequest, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.findIn(ex);
			if (tooLarge == null || response.isCommitted()) {
				throw ex;
			}
			reject(request, response, limit);
			return;
		}
		if (limitedRequest.isLimitExceeded()) {
			// The application may have swallowed the failed read: unless it has already
			// answered, the answer is 413.
			reject(request, response, limit);
		}
	}

	/**
	 * Whether an HTTP/1 request has no body: it declares neither a length nor chunks.
	 * Most requests are such GETs, and they need no counting wrapper. HTTP/2 frames a
	 * body without either, so its requests are always counted.
	 */
	private static boolean hasNoBody(HttpServletRequest request) {
		return !ProblemResponses.declaresBody(request) && request.getProtocol().startsWith("HTTP/1");
	}

	/**
	 * The body size limit for a request.
	 * @param request the request
	 * @return the limit in bytes, negative for none
	 */
	long limitFor(HttpServletRequest request) {
		Long override = this.overrides.match(request);
		return (override != null) ? override : this.defaultLimit;
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		this.rejections.record(RejectionReason.BODY_SIZE);
		writeProblem(request, response, limit);
	}

	/**
	 * Writes the {@code 413} problem response, unless the response is committed.
	 * @param request the request
	 * @param response the response
	 * @param limit the limit in bytes
	 * @throws IOException on write failure
	 */
	static void writeProblem(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		ProblemResponses.write(request, response, RejectionReason.BODY_SIZE.status(), RejectionReason.BODY_SIZE.tag(),
				"Request body too large", "The request body is larger than the limit of " + limit + " bytes.", null,
				true);
	}

}
