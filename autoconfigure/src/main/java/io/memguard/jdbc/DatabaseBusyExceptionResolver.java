package io.memguard.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.core.Ordered;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers with {@code 503} and {@code Retry-After} instead of a 500 when the database is
 * too busy for a request: no pooled connection within the pool's
 * {@code connectionTimeout} (HikariCP's {@link SQLTransientConnectionException}), counted
 * as {@link RejectionReason#DATABASE_BUSY}; or a statement the server cancelled after the
 * {@code lock_timeout} or {@code statement_timeout} Memguard sets (SQLState {@code 55P03}
 * or {@code 57014}, whatever Spring, Hibernate or JPA wrapped it in), counted as
 * {@link RejectionReason#DATABASE_TIMEOUT}. The counts show in
 * {@code memguard.web.rejections} and {@code /actuator/memory}.
 * <p>
 * A resolver ordered first rather than a controller advice: the failures are recognised
 * by SQLState and by optional JPA types anywhere in the cause chain, which an
 * {@code @ExceptionHandler} cannot name, and the {@code 503} with {@code Retry-After} is
 * a load-shedding signal that an application's catch-all handler must not turn into a
 * {@code 500}.
 */
class DatabaseBusyExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(DatabaseBusyExceptionResolver.class);

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final String QUERY_CANCELED = "57014";

	// Timeouts that may reach us without the SQLException that caused them
	private static final Set<String> TIMEOUT_EXCEPTIONS = Set.of(QueryTimeoutException.class.getName(),
			"jakarta.persistence.LockTimeoutException", "jakarta.persistence.QueryTimeoutException");

	private final Duration retryAfter;

	private final RequestRejections rejections;

	DatabaseBusyExceptionResolver(Duration retryAfter, RequestRejections rejections) {
		this.retryAfter = retryAfter;
		this.rejections = rejections;
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (isPoolExhausted(ex)) {
			logger.debug("No database connection within the connection timeout", ex);
			return reject(request, response, RejectionReason.DATABASE_BUSY, "Database busy",
					"No database connection became free in time; retry later.");
		}
		if (isTimeout(ex)) {
			logger.debug("The database cancelled a statement after its lock or statement timeout", ex);
			return reject(request, response, RejectionReason.DATABASE_TIMEOUT, "Database timeout",
					"The database gave up waiting for a lock or for a statement to finish; retry later.");
		}
		return null;
	}

	private ModelAndView reject(HttpServletRequest request, HttpServletResponse response, RejectionReason reason,
			String title, String detail) {
		this.rejections.record(reason);
		try {
			ProblemResponses.write(request, response, reason.status(), reason.tag(), title, detail, this.retryAfter,
					false);
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

	static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql
					&& (LOCK_NOT_AVAILABLE.equals(sql.getSQLState()) || QUERY_CANCELED.equals(sql.getSQLState()))) {
				return true;
			}
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				if (TIMEOUT_EXCEPTIONS.contains(type.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
