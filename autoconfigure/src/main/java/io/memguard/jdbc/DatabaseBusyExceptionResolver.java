package io.memguard.jdbc;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.web.ProblemResponses;
import io.memguard.web.RejectionReason;
import io.memguard.web.RequestRejections;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a request that waited longer than the pool's {@code connectionTimeout} with
 * {@code 503} and {@code Retry-After} instead of a 500: HikariCP throws
 * {@link SQLTransientConnectionException}, which Spring and Hibernate wrap in their own
 * exceptions. Each answer is counted as a {@link RejectionReason#DATABASE_BUSY}
 * rejection, so it shows in {@code memguard.web.rejections} and {@code /actuator/memory}.
 */
class DatabaseBusyExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(DatabaseBusyExceptionResolver.class);

	private final Duration retryAfter;

	private final RequestRejections rejections;

	DatabaseBusyExceptionResolver(Duration retryAfter, RequestRejections rejections) {
		this.retryAfter = retryAfter;
		this.rejections = rejections;
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (!isPoolExhausted(ex)) {
			return null;
		}
		logger.debug("No database connection within the connection timeout", ex);
		this.rejections.record(RejectionReason.DATABASE_BUSY);
		try {
			ProblemResponses.write(response, RejectionReason.DATABASE_BUSY.status(),
					RejectionReason.DATABASE_BUSY.tag(), "Database busy",
					"No database connection became free in time; retry later.", this.retryAfter, false);
		}
		catch (IOException writeFailure) {
			logger.debug("Could not write problem response", writeFailure);
		}
		return new ModelAndView();
	}

	static boolean isPoolExhausted(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
