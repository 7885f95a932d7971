package io.memguard.sample.words;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns the profanity-word API's errors into RFC 9457 problem details: bad input is a
 * 400, an unknown id a 404, a duplicate word a 409; never a 500.
 */
@RestControllerAdvice(assignableTypes = ProfanityWordController.class)
class ProfanityWordExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail notFound(ProfanityWordNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail duplicate(DataIntegrityViolationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "This word already exists for this language");
	}

}
