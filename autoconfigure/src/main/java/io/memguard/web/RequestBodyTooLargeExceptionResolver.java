package io.memguard.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers {@code 413} when Spring MVC handling fails because the request body crossed its
 * limit, however the failure was wrapped (for example in
 * {@code HttpMessageNotReadableException}), so that MVC's own resolvers do not turn it
 * into a {@code 400} or {@code 500}. Ordered first. The {@link RequestBodyLimitFilter}
 * counts the rejection.
 */
public class RequestBodyTooLargeExceptionResolver implements HandlerExceptionResolver, Ordered {

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.findIn(ex);
		if (tooLarge == null || response.isCommitted()) {
			return null;
		}
		try {
			RequestBodyLimitFilter.writeProblem(request, response, tooLarge.getLimit());
		}
		catch (IOException writeFailure) {
			return null;
		}
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
