package io.memguard.benchmarks.overload;

import java.util.List;

/**
 * One HTTP/1.1 request a client sends again and again.
 *
 * @param method the method
 * @param path the path and query
 * @param headers extra header lines, {@code Name: value}
 * @param body how the body is sent
 * @param bodyBytes the body's length, 0 without a body
 * @param bytesPerSecond how fast the body is sent, 0 for as fast as the socket takes it
 */
record RequestSpec(String method, String path, List<String> headers, Body body, long bodyBytes, long bytesPerSecond) {

	static RequestSpec get(String path, String... headers) {
		return new RequestSpec("GET", path, List.of(headers), Body.NONE, 0, 0);
	}

	static RequestSpec post(String path, Body body, long bodyBytes, long bytesPerSecond) {
		return new RequestSpec("POST", path, List.of(), body, bodyBytes, bytesPerSecond);
	}

	/**
	 * How a request body goes over the wire.
	 */
	enum Body {

		/** No body. */
		NONE,

		/** A body announced with {@code Content-Length}. */
		CONTENT_LENGTH,

		/** A body of unknown length, {@code Transfer-Encoding: chunked}. */
		CHUNKED

	}

	/**
	 * A short description for reports.
	 * @return e.g. {@code GET /demo/slow?millis=20}
	 */
	String describe() {
		StringBuilder description = new StringBuilder(this.method).append(' ').append(this.path);
		this.headers.forEach((header) -> description.append(" [").append(header).append(']'));
		if (this.body != Body.NONE) {
			description.append(String.format(" (%,d bytes, %s", this.bodyBytes,
					(this.body == Body.CHUNKED) ? "chunked" : "Content-Length"));
			if (this.bytesPerSecond > 0) {
				description.append(String.format(", at %,d bytes/s", this.bytesPerSecond));
			}
			description.append(')');
		}
		return description.toString();
	}

}
