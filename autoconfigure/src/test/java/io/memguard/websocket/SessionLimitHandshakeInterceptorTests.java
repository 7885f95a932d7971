package io.memguard.websocket;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import io.memguard.web.limits.ClientKeyResolver;
import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionLimitHandshakeInterceptor}.
 */
class SessionLimitHandshakeInterceptorTests {

	private final RequestRejections rejections = new RequestRejections();

	private final WebSocketSessionLimiter limiter = new WebSocketSessionLimiter(
			new SessionLimits(List.of(new SessionLimit("/ws", true,
					new SessionCap(1, new CloseStatus(4001), RejectionReason.WEBSOCKET_USER), null,
					RoomKeySource.PATH_VARIABLE, "room"))),
			new SessionCap(0, CloseStatus.SERVICE_OVERLOAD, RejectionReason.WEBSOCKET_GLOBAL),
			new LocalSessionLeaseStore(), this.rejections);

	@Test
	void handshakeUnderCriticalMemoryPressureGets503AndNothingElseIsLookedAt() throws Exception {
		MemoryMonitor monitor = new MemoryMonitor(() -> new MemoryReading(99, 100, -1, -1),
				new MemoryThresholds(0.75, 0.9, 0.05));
		assertThat(monitor.refresh().level()).isEqualTo(MemoryPressureLevel.CRITICAL);
		MockHttpServletResponse response = new MockHttpServletResponse();
		Map<String, Object> attributes = new HashMap<>();
		assertThat(interceptor(monitor).beforeHandshake(
				new ServletServerHttpRequest(new MockHttpServletRequest("GET", "/ws")),
				new ServletServerHttpResponse(response), new TextWebSocketHandler(), attributes))
			.isFalse();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader(ProblemResponses.REASON_HEADER)).isEqualTo("websocket-memory");
		assertThat(response.getHeader("Retry-After")).isNotBlank();
		assertThat(this.rejections.count(RejectionReason.WEBSOCKET_MEMORY)).isOne();
		assertThat(attributes).isEmpty();
	}

	@Test
	void admittedHandshakeCarriesItsClaimsAndTakesNoCount() throws Exception {
		Map<String, Object> attributes = new HashMap<>();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
		assertThat(interceptor(null).beforeHandshake(new ServletServerHttpRequest(request),
				new ServletServerHttpResponse(new MockHttpServletResponse()), new TextWebSocketHandler(), attributes))
			.isTrue();
		SessionClaims claims = (SessionClaims) attributes.get(SessionLimitHandshakeInterceptor.CLAIMS_ATTRIBUTE);
		assertThat(claims.userKey()).isEqualTo("address:127.0.0.1");
		assertThat(this.limiter.openSessions()).isZero();
	}

	private SessionLimitHandshakeInterceptor interceptor(MemoryMonitor monitor) {
		return new SessionLimitHandshakeInterceptor(this.limiter, new ClientKeyResolver(null, List.of()), monitor,
				this.rejections, Duration.ofSeconds(5));
	}

}
