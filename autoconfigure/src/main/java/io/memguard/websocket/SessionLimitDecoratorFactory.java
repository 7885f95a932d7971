package io.memguard.websocket;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * Decorates the handler of each WebSocket endpoint with a
 * {@link SessionLimitWebSocketHandlerDecorator}. Plain handlers get every session as a
 * {@link BoundedWebSocketSession}; Spring's STOMP handler bounds its sessions itself,
 * with the same limits applied to its transport.
 */
public class SessionLimitDecoratorFactory implements WebSocketHandlerDecoratorFactory {

	private static final String STOMP_HANDLER = "org.springframework.web.socket.messaging.SubProtocolWebSocketHandler";

	private final WebSocketSessionLimiter limiter;

	private final int sendTimeLimitMillis;

	private final int bufferSizeLimit;

	/**
	 * Creates the factory.
	 * @param limiter the limiter
	 * @param sendTimeLimit the send-time limit of each session
	 * @param bufferSizeLimit the send-buffer limit of each session
	 */
	public SessionLimitDecoratorFactory(WebSocketSessionLimiter limiter, Duration sendTimeLimit,
			DataSize bufferSizeLimit) {
		this.limiter = limiter;
		this.sendTimeLimitMillis = (int) Math.min(Integer.MAX_VALUE, sendTimeLimit.toMillis());
		this.bufferSizeLimit = (int) bufferSizeLimit.toBytes();
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		UnaryOperator<WebSocketSession> bound = boundsItsOwnSessions(handler) ? UnaryOperator.identity()
				: (session) -> new BoundedWebSocketSession(session, this.sendTimeLimitMillis, this.bufferSizeLimit);
		return new SessionLimitWebSocketHandlerDecorator(handler, this.limiter, bound);
	}

	private static boolean boundsItsOwnSessions(WebSocketHandler handler) {
		Class<?> type = WebSocketHandlerDecorator.unwrap(handler).getClass();
		while (type != null) {
			if (type.getName().equals(STOMP_HANDLER)) {
				return true;
			}
			type = type.getSuperclass();
		}
		return false;
	}

}
