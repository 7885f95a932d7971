package io.memguard.sample.words;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the profanity-word API's errors into RFC 9457 problem details: bad input is a 400
 * (Spring Boot's problem-details handler, switched on in application.yml), an unknown id
 * a 404, a duplicate word a 409; never a 500. It must not extend
 * ResponseEntityExceptionHandler: Boot's global problem-details handler backs off when
 * one exists.
 */
@RestControllerAdvice(assignableTypes = ProfanityWordController.class)
class ProfanityWordExceptionHandler {

	@ExceptionHandler
	ProblemDetail notFound(ProfanityWordNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail duplicate(DataIntegrityViolationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "This word already exists for this language");
	}

}
