package io.memguard.web.limits;

import java.io.IOException;

/**
 * Thrown by a request body stream once the client has taken too long to send the body. An
 * {@link IOException} so that code reading the body treats it as a failed read.
 */
public class RequestBodyTimeoutException extends IOException {

	/**
	 * Creates the exception.
	 */
	public RequestBodyTimeoutException() {
		super("The client took too long to send the request body");
	}

	/**
	 * Finds this exception in a cause chain.
	 * @param failure any exception
	 * @return the exception, or {@code null} when the chain has none
	 */
	public static RequestBodyTimeoutException findIn(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTimeoutException timeout) {
				return timeout;
			}
		}
		return null;
	}

}
