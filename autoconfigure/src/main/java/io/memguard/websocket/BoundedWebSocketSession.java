package io.memguard.websocket;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * A session whose sends are serialized and bounded: when a send takes longer than the
 * send-time limit, or the messages waiting behind it exceed the buffer limit, the session
 * is closed with {@code 4500} (session not reliable) and the
 * {@link SessionLimitExceededException} still reaches the sender, as with Spring's
 * {@link ConcurrentWebSocketSessionDecorator}. Closing is what keeps a slow consumer from
 * growing the heap: Spring's decorator alone only throws, and a sender that catches the
 * exception would keep a session nobody reads.
 */
class BoundedWebSocketSession extends ConcurrentWebSocketSessionDecorator {

	private static final Log logger = LogFactory.getLog(BoundedWebSocketSession.class);

	/**
	 * Bounds a session.
	 * @param delegate the session
	 * @param sendTimeLimitMillis the send-time limit in milliseconds
	 * @param bufferSizeLimit the buffer limit in bytes
	 */
	BoundedWebSocketSession(WebSocketSession delegate, int sendTimeLimitMillis, int bufferSizeLimit) {
		super(delegate, sendTimeLimitMillis, bufferSizeLimit, OverflowStrategy.TERMINATE);
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		try {
			super.sendMessage(message);
		}
		catch (SessionLimitExceededException ex) {
			logger.warn("Closing slow WebSocket session " + getId() + ": " + ex.getMessage());
			try {
				close(ex.getStatus());
			}
			catch (IOException | RuntimeException closeFailure) {
				logger.debug("Could not close slow WebSocket session " + getId(), closeFailure);
			}
			throw ex;
		}
	}

}
