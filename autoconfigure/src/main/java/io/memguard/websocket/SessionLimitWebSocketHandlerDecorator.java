package io.memguard.websocket;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Counts the sessions of one endpoint's handler: takes the counts when a session opens
 * (closing it with its cap's close code when a cap is full), and gives them back when it
 * ends, whichever way. A refused session never reaches the handler. The handler sees
 * every admitted session through {@code bound}, the same object in every callback.
 */
class SessionLimitWebSocketHandlerDecorator extends WebSocketHandlerDecorator {

	private static final Log logger = LogFactory.getLog(SessionLimitWebSocketHandlerDecorator.class);

	private final WebSocketSessionLimiter limiter;

	private final UnaryOperator<WebSocketSession> bound;

	private final Map<WebSocketSession, WebSocketSession> admitted = new ConcurrentHashMap<>();

	/**
	 * Decorates a handler.
	 * @param delegate the handler
	 * @param limiter the limiter
	 * @param bound what the handler gets for each session opened
	 */
	SessionLimitWebSocketHandlerDecorator(WebSocketHandler delegate, WebSocketSessionLimiter limiter,
			UnaryOperator<WebSocketSession> bound) {
		super(delegate);
		this.limiter = limiter;
		this.bound = bound;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		Object claims = session.getAttributes().get(SessionLimitHandshakeInterceptor.CLAIMS_ATTRIBUTE);
		SessionClaims sessionClaims = ((claims instanceof SessionClaims handshakeClaims) ? handshakeClaims
				: SessionClaims.GLOBAL_ONLY)
			.withPrincipal(session.getPrincipal());
		SessionCap full = this.limiter.tryOpen(session, sessionClaims);
		if (full != null) {
			refuse(session, full.closeStatus());
			return;
		}
		WebSocketSession visible = this.bound.apply(session);
		this.admitted.put(session, visible);
		getDelegate().afterConnectionEstablished(visible);
	}

	private static void refuse(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException ex) {
			logger.debug("Could not close refused WebSocket session " + session.getId(), ex);
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		WebSocketSession visible = this.admitted.get(session);
		if (visible != null) {
			getDelegate().handleMessage(visible, message);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		WebSocketSession visible = this.admitted.get(session);
		if (visible != null) {
			getDelegate().handleTransportError(visible, exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		WebSocketSession visible = this.admitted.remove(session);
		this.limiter.close(session);
		if (visible != null) {
			getDelegate().afterConnectionClosed(visible, closeStatus);
		}
	}

	/**
	 * Sessions this decorator admitted that have not ended.
	 * @return the count
	 */
	public int admittedSessions() {
		return this.admitted.size();
	}

}
