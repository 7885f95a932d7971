package io.memguard.web.limits;

import java.io.IOException;

/**
 * Thrown by a request body stream when the body crosses its size limit. An
 * {@link IOException} so that code reading the body treats it as a failed read.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	/**
	 * Creates the exception.
	 * @param limit the limit in bytes
	 */
	public RequestBodyTooLargeException(long limit) {
		super("Request body is larger than the limit of " + limit + " bytes");
		this.limit = limit;
	}

	/**
	 * The limit the body crossed.
	 * @return the limit in bytes
	 */
	public long getLimit() {
		return this.limit;
	}

	/**
	 * Finds this exception in a cause chain.
	 * @param failure any exception
	 * @return the exception, or {@code null} when the chain has none
	 */
	public static RequestBodyTooLargeException findIn(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
