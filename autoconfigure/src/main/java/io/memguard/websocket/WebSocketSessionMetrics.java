package io.memguard.websocket;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the {@code memguard.websocket.sessions} gauge. Refused sessions are counted
 * in {@code memguard.web.rejections} with the {@code websocket-*} reasons.
 */
class WebSocketSessionMetrics implements MeterBinder {

	private final WebSocketSessionLimiter limiter;

	WebSocketSessionMetrics(WebSocketSessionLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memguard.websocket.sessions", this.limiter, WebSocketSessionLimiter::openSessions)
			.description("WebSocket sessions open on this instance")
			.register(registry);
	}

}
