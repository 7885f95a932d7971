package io.memguard.web.limits;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers {@code 413} when Spring MVC handling fails because the request body crossed its
 * limit, and {@code 408} when the client took too long to send it, however the failure
 * was wrapped (for example in {@code HttpMessageNotReadableException}), so that MVC's own
 * resolvers do not turn it into a {@code 400} or {@code 500}. A multipart upload over the
 * container's limits (file size, request size, part count) gets the same {@code 413}
 * instead of Spring's. Ordered first. The filters count the rejections they see; the
 * multipart ones, which the container refuses past the filters, are counted here.
 * <p>
 * A resolver ordered first rather than a {@code ProblemDetail} or a controller advice:
 * Spring MVC and an application's problem-details advice answer the
 * {@code HttpMessageNotReadableException} that wraps these failures with a {@code 400},
 * and the failures themselves are {@code IOException}s of the servlet stream, thrown in
 * applications without Spring MVC too; the answer is the one the filters write.
 */
class RequestBodyExceptionResolver implements HandlerExceptionResolver, Ordered {

	private final RequestRejections rejections;

	/**
	 * Creates the resolver.
	 * @param rejections where refused uploads are counted
	 */
	public RequestBodyExceptionResolver(RequestRejections rejections) {
		this.rejections = rejections;
	}

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
			if (ex instanceof MaxUploadSizeExceededException) {
				this.rejections.record(RejectionReason.BODY_SIZE);
				ProblemResponses.write(request, response, RejectionReason.BODY_SIZE.status(),
						RejectionReason.BODY_SIZE.tag(), "Request body too large", uploadDetail(ex), null, true);
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

	private static String uploadDetail(Exception ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			// Tomcat's, thrown past server.tomcat.max-part-count
			if (cause.getClass().getSimpleName().equals("FileCountLimitExceededException")) {
				return "The upload has more parts than the limit allows.";
			}
		}
		return "The upload, or one of its files, is larger than the limit allows.";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
