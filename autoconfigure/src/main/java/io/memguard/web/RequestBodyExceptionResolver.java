package io.memguard.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers {@code 413} when Spring MVC handling fails because the request body crossed its
 * limit, and {@code 408} when the client took too long to send it, however the failure
 * was wrapped (for example in {@code HttpMessageNotReadableException}), so that MVC's own
 * resolvers do not turn it into a {@code 400} or {@code 500}. Ordered first. The filters
 * count the rejections.
 */
public class RequestBodyExceptionResolver implements HandlerExceptionResolver, Ordered {

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (response.isCommitted()) {
			return null;
		}
		try {
			RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.findIn(ex);
			if (tooLarge != null) {
				RequestBodyLimitFilter.writeProblem(request, response, tooLarge.getLimit());
				return new ModelAndView();
			}
			if (RequestBodyTimeoutException.findIn(ex) != null) {
				ConcurrencyLimitFilter.writeBodyTimeoutProblem(request, response);
				return new ModelAndView();
			}
		}
		catch (IOException writeFailure) {
			return null;
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
