package io.memguard.data.page;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.data.guard.EntityLimitExceededException;
import io.memguard.rejection.ProblemResponses;

import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers {@link InvalidPageRequestException} with {@code 400} and
 * {@link EntityLimitExceededException} with {@code 500}, both as
 * {@code application/problem+json}.
 */
class DataProblemExceptionResolver implements HandlerExceptionResolver {

	private static final Log logger = LogFactory.getLog(DataProblemExceptionResolver.class);

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		try {
			if (ex instanceof InvalidPageRequestException invalid) {
				ProblemResponses.write(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid-page-request",
						"Invalid " + invalid.getParameter() + " parameter", invalid.getMessage(), null, false);
				return new ModelAndView();
			}
			EntityLimitExceededException limit = find(ex);
			if (limit != null) {
				ProblemResponses.write(request, response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "entity-limit",
						"Too many entities loaded", limit.getMessage(), null, false);
				return new ModelAndView();
			}
		}
		catch (IOException writeFailure) {
			logger.debug("Could not write problem response", writeFailure);
			return new ModelAndView();
		}
		return null;
	}

	private static EntityLimitExceededException find(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof EntityLimitExceededException limit) {
				return limit;
			}
		}
		return null;
	}

}
