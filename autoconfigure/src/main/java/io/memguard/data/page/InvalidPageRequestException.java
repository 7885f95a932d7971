package io.memguard.data.page;

/**
 * A {@code page}, {@code page_size}, {@code sort} or {@code cursor} parameter that the
 * endpoint does not accept. Answered with a {@code 400} problem detail, unless an
 * application {@code @ControllerAdvice} handles it first.
 */
public class InvalidPageRequestException extends RuntimeException {

	private final String parameter;

	/**
	 * Creates a new instance.
	 * @param parameter the offending request parameter
	 * @param message what is wrong and what is allowed
	 */
	public InvalidPageRequestException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	/**
	 * The offending request parameter.
	 * @return the parameter name
	 */
	public String getParameter() {
		return this.parameter;
	}

}
