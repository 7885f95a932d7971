package io.memguard.data;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import io.memguard.data.guard.EntityLimitExceededException;
import io.memguard.data.page.InvalidPageRequestException;
import io.memguard.rejection.ProblemResponses;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@link InvalidPageRequestException} with {@code 400} and
 * {@link EntityLimitExceededException} (wherever it sits in the cause chain) with
 * {@code 500}, as {@link ProblemDetail}s written by the application's message converters.
 * Ordered last, so an application's own {@code @ControllerAdvice} handles them first when
 * it wants to.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class DataProblemDetailsExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidPageRequest(InvalidPageRequestException ex, HttpServletRequest request) {
		return problem(request, HttpStatus.BAD_REQUEST, "invalid-page-request",
				"Invalid " + ex.getParameter() + " parameter", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> entityLimitExceeded(EntityLimitExceededException ex, HttpServletRequest request) {
		return problem(request, HttpStatus.INTERNAL_SERVER_ERROR, "entity-limit", "Too many entities loaded",
				ex.getMessage());
	}

	private static ResponseEntity<ProblemDetail> problem(HttpServletRequest request, HttpStatus status, String reason,
			String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(ProblemResponses.TYPE_BASE + reason));
		problem.setTitle(title);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.header(ProblemResponses.REASON_HEADER, reason);
		if (ProblemResponses.declaresBody(request)) {
			// the handler may not have read the body
			response.header(HttpHeaders.CONNECTION, "close");
		}
		return response.body(problem);
	}

}
