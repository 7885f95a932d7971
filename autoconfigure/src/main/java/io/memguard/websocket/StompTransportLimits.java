package io.memguard.websocket;

import java.time.Duration;

import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * Gives Spring's STOMP transport Memguard's send-time and send-buffer limits. Runs before
 * every other {@link WebSocketMessageBrokerConfigurer}, so a limit the application sets
 * itself wins.
 */
public class StompTransportLimits implements WebSocketMessageBrokerConfigurer, Ordered {

	private final int sendTimeLimitMillis;

	private final int sendBufferSizeLimit;

	/**
	 * Creates the limits.
	 * @param sendTimeLimit the send-time limit of each session
	 * @param sendBufferSizeLimit the send-buffer limit of each session
	 */
	public StompTransportLimits(Duration sendTimeLimit, DataSize sendBufferSizeLimit) {
		this.sendTimeLimitMillis = (int) Math.min(Integer.MAX_VALUE, sendTimeLimit.toMillis());
		this.sendBufferSizeLimit = (int) sendBufferSizeLimit.toBytes();
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setSendTimeLimit(this.sendTimeLimitMillis);
		registration.setSendBufferSizeLimit(this.sendBufferSizeLimit);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
