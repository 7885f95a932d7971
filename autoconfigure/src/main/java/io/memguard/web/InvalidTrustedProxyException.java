package io.memguard.web;

/**
 * Thrown when a trusted proxy is not an IP address or CIDR range.
 */
public class InvalidTrustedProxyException extends IllegalArgumentException {

	private final String value;

	InvalidTrustedProxyException(String value, String reason) {
		super("Trusted proxy '" + value + "' " + reason);
		this.value = value;
	}

	/**
	 * The value that is not an address or range.
	 * @return the configured value
	 */
	public String getValue() {
		return this.value;
	}

}
