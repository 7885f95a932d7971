package io.memguard.websocket;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.web.limits.ClientKeyResolver;
import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a WebSocket handshake as early as possible: with {@code 503} under critical
 * memory pressure, with {@code 429} when a cap it counts against is already reached; both
 * as {@code application/problem+json} with a jittered {@code Retry-After}. An admitted
 * handshake carries its {@link SessionClaims} into the session's attributes, where
 * {@link SessionLimitWebSocketHandlerDecorator} takes the counts once the session is
 * open. Nothing is counted here, so a handshake that fails later leaves nothing behind.
 */
public class SessionLimitHandshakeInterceptor implements HandshakeInterceptor {

	/** Session attribute that holds the {@link SessionClaims} of the handshake. */
	public static final String CLAIMS_ATTRIBUTE = SessionLimitHandshakeInterceptor.class.getName() + ".claims";

	private final WebSocketSessionLimiter limiter;

	private final ClientKeyResolver clientKeys;

	private final MemoryMonitor memoryMonitor;

	private final RequestRejections rejections;

	private final Duration retryAfter;

	/**
	 * Creates the interceptor.
	 * @param limiter the limiter
	 * @param clientKeys tells which client a handshake comes from
	 * @param memoryMonitor the memory monitor, or {@code null} to ignore memory pressure
	 * @param rejections where memory refusals are counted
	 * @param retryAfter the base {@code Retry-After} delay
	 */
	public SessionLimitHandshakeInterceptor(WebSocketSessionLimiter limiter, ClientKeyResolver clientKeys,
			MemoryMonitor memoryMonitor, RequestRejections rejections, Duration retryAfter) {
		this.limiter = limiter;
		this.clientKeys = clientKeys;
		this.memoryMonitor = memoryMonitor;
		this.rejections = rejections;
		this.retryAfter = retryAfter;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		if (!(request instanceof ServletServerHttpRequest servletRequest)
				|| !(response instanceof ServletServerHttpResponse servletResponse)) {
			return true;
		}
		HttpServletRequest httpRequest = servletRequest.getServletRequest();
		HttpServletResponse httpResponse = servletResponse.getServletResponse();
		if (this.memoryMonitor != null && this.memoryMonitor.level() == MemoryPressureLevel.CRITICAL) {
			this.rejections.record(RejectionReason.WEBSOCKET_MEMORY);
			refuse(httpRequest, httpResponse, RejectionReason.WEBSOCKET_MEMORY, "Service overloaded",
					"Memory pressure is critical; no new WebSocket sessions are opened now.");
			return false;
		}
		SessionClaims claims = this.limiter.limits().claims(httpRequest, this.clientKeys);
		SessionCap full = this.limiter.refusalAtHandshake(claims);
		if (full != null) {
			refuse(httpRequest, httpResponse, full.reason(), "Too many WebSocket sessions", detail(full));
			return false;
		}
		attributes.put(CLAIMS_ATTRIBUTE, claims);
		return true;
	}

	private static String detail(SessionCap cap) {
		return switch (cap.reason()) {
			case WEBSOCKET_USER -> "This user has " + cap.maxSessions() + " sessions open on this endpoint, its limit.";
			case WEBSOCKET_ROOM -> "This room has " + cap.maxSessions() + " sessions open, its limit.";
			default -> "The server has " + cap.maxSessions() + " WebSocket sessions open, its limit.";
		};
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, RejectionReason reason, String title,
			String detail) throws IOException {
		ProblemResponses.write(request, response, reason.status(), reason.tag(), title, detail, this.retryAfter, false);
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Exception exception) {
	}

}
