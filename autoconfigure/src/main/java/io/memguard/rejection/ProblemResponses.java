package io.memguard.rejection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes RFC 9457 {@code application/problem+json} rejections straight to a servlet
 * response, without a JSON library, so a rejection costs almost nothing while the server
 * is overloaded.
 */
public final class ProblemResponses {

	/** Base of every problem {@code type} URI Memguard sends. */
	public static final String TYPE_BASE = "https://memguard.io/problems/";

	/** Header that names the Memguard reason of a rejection, for clients and proxies. */
	public static final String REASON_HEADER = "X-Memguard-Rejected";

	private ProblemResponses() {
	}

	/**
	 * Writes the rejection of a request. Besides when asked, the connection is closed
	 * when the request declares a body, which the server may not have read: a client
	 * could otherwise keep the server waiting for the rest of a body it will never use
	 * before the connection can serve another request (on Tomcat, Memguard's valve then
	 * closes it without reading the rest). Does nothing when the response is already
	 * committed.
	 * @param request the rejected request
	 * @param response the response
	 * @param status the HTTP status
	 * @param reason short reason, used as the last segment of the problem {@code type}
	 * and in {@link #REASON_HEADER}
	 * @param title short human-readable summary
	 * @param detail explanation for this occurrence
	 * @param retryAfter base delay for {@code Retry-After} (jittered up to +50%), or
	 * {@code null} for none
	 * @param closeConnection whether to close the connection even without a request body
	 * @throws IOException on write failure
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, int status, String reason,
			String title, String detail, Duration retryAfter, boolean closeConnection) throws IOException {
		write(response, status, reason, title, detail, retryAfter, closeConnection || declaresBody(request));
	}

	/**
	 * Writes a rejection. Does nothing when the response is already committed.
	 * @param response the response
	 * @param status the HTTP status
	 * @param reason short reason, used as the last segment of the problem {@code type}
	 * and in {@link #REASON_HEADER}
	 * @param title short human-readable summary
	 * @param detail explanation for this occurrence
	 * @param retryAfter base delay for {@code Retry-After} (jittered up to +50%), or
	 * {@code null} for none
	 * @param closeConnection whether to close the connection after the response
	 * @throws IOException on write failure
	 */
	private static void write(HttpServletResponse response, int status, String reason, String title, String detail,
			Duration retryAfter, boolean closeConnection) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.setHeader(REASON_HEADER, reason);
		if (retryAfter != null) {
			response.setHeader("Retry-After", Long.toString(jitteredSeconds(retryAfter)));
		}
		if (closeConnection) {
			response.setHeader("Connection", "close");
		}
		String body = json(status, reason, title, detail);
		// a length, not chunks: the body stays whole if the connection is closed right
		// after
		response.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
		response.getWriter().write(body);
		response.flushBuffer();
	}

	/**
	 * The problem JSON body, for callers that build their own response.
	 * @param status the HTTP status
	 * @param reason the reason (last segment of {@code type})
	 * @param title the title
	 * @param detail the detail
	 * @return the JSON text
	 */
	public static String json(int status, String reason, String title, String detail) {
		return "{\"type\":\"" + TYPE_BASE + escape(reason) + "\",\"title\":\"" + escape(title) + "\",\"status\":"
				+ status + ",\"detail\":\"" + escape(detail) + "\"}";
	}

	/**
	 * A {@code Retry-After} value in whole seconds: the base plus up to 50% random
	 * jitter, so rejected clients do not come back in lockstep.
	 * @param base the base delay
	 * @return the delay in seconds, at least 1
	 */
	public static long jitteredSeconds(Duration base) {
		long millis = Math.max(1000, base.toMillis());
		long jittered = millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
		return Math.max(1, (jittered + 999) / 1000);
	}

	/**
	 * Whether a request comes with a body: a positive {@code Content-Length} or a
	 * {@code Transfer-Encoding}.
	 * @param request the request
	 * @return whether it declares a body
	 */
	public static boolean declaresBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					// ASCII only, so that the length in characters is the length in bytes
					if (c < 0x20 || c > 0x7E) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}
