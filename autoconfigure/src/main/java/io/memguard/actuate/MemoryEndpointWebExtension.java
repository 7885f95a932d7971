package io.memguard.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * The HTTP side of the {@link MemoryEndpoint}'s cleanup: {@code POST /actuator/memory}
 * with {@code {"threshold": 0.8}} or {@code {"force": true}} (or no body, to go by the
 * level). Bad input gets a {@code 400} {@code application/problem+json}.
 */
@EndpointWebExtension(endpoint = MemoryEndpoint.class)
public class MemoryEndpointWebExtension {

	private static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

	private final MemoryEndpoint endpoint;

	public MemoryEndpointWebExtension(MemoryEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Runs the cleanup. Parameters arrive as text, so that a value of the wrong type gets
	 * the same problem answer as a value out of range.
	 * @param threshold retained heap ratio to clean up at, above 0 and at most 1, or
	 * {@code null} to go by the level
	 * @param force {@code true} to clean up whatever the level and threshold
	 * @return the cleanup report, or a problem
	 */
	@WriteOperation
	public WebEndpointResponse<Object> cleanUp(@Nullable String threshold, @Nullable String force) {
		try {
			return new WebEndpointResponse<>(this.endpoint.cleanUp(parseThreshold(threshold), parseForce(force)));
		}
		catch (InvalidEndpointRequestException ex) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", "https://memguard.io/problems/invalid-cleanup-request");
			problem.put("title", "Invalid cleanup request");
			problem.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			problem.put("detail", ex.getReason());
			return new WebEndpointResponse<>(problem, WebEndpointResponse.STATUS_BAD_REQUEST, PROBLEM_JSON);
		}
	}

	private static Double parseThreshold(String threshold) {
		if (threshold == null) {
			return null;
		}
		try {
			return Double.valueOf(threshold.trim());
		}
		catch (NumberFormatException ex) {
			throw invalid("threshold must be a number above 0 and at most 1, was '" + threshold + "'");
		}
	}

	private static Boolean parseForce(String force) {
		if (force == null) {
			return null;
		}
		return switch (force.trim()) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw invalid("force must be true or false, was '" + force + "'");
		};
	}

	private static InvalidEndpointRequestException invalid(String reason) {
		return new InvalidEndpointRequestException(reason, reason);
	}

}
