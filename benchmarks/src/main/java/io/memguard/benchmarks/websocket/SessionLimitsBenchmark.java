package io.memguard.benchmarks.websocket;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.memguard.web.limits.ClientKeyResolver;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;
import io.memguard.websocket.LocalSessionLeaseStore;
import io.memguard.websocket.RoomKeySource;
import io.memguard.websocket.SessionCap;
import io.memguard.websocket.SessionLimit;
import io.memguard.websocket.SessionLimitDecoratorFactory;
import io.memguard.websocket.SessionLimitHandshakeInterceptor;
import io.memguard.websocket.SessionLimits;
import io.memguard.websocket.WebSocketSessionLimiter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * What Memguard adds to the life of one WebSocket session, handshake to close: the
 * handshake check, taking the counts when the session opens (and bounding it), giving
 * them back when it closes. Against the bare handler's callbacks on the same session.
 * Single thread, average time per session.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SessionLimitsBenchmark {

	private final WebSocketHandler bare = new TextWebSocketHandler();

	private Lifecycle globalCapOnly;

	private Lifecycle userAndRoomLimits;

	private MockHttpServletRequest request;

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Setup
	public void setUp() {
		this.request = new MockHttpServletRequest("GET", "/ws/rooms/blue");
		this.request.setRemoteAddr("10.0.0.1");
		this.request.addHeader("X-Forwarded-For", "203.0.113.9");
		// the DispatcherServlet has parsed the path before the handshake handler runs
		ServletRequestPathUtils.parseAndCache(this.request);
		this.globalCapOnly = new Lifecycle(List.of());
		this.userAndRoomLimits = new Lifecycle(List.of(new SessionLimit("/ws/rooms/{room}", true,
				new SessionCap(3, new CloseStatus(4001), RejectionReason.WEBSOCKET_USER),
				new SessionCap(1_000_000, new CloseStatus(4002), RejectionReason.WEBSOCKET_ROOM),
				RoomKeySource.PATH_VARIABLE, "room")));
	}

	@Benchmark
	public Object bareHandler(Blackhole blackhole) throws Exception {
		// what Spring's request handler creates anyway
		blackhole.consume(new ServletServerHttpRequest(this.request));
		blackhole.consume(new ServletServerHttpResponse(this.response));
		StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null);
		this.bare.afterConnectionEstablished(session);
		this.bare.afterConnectionClosed(session, CloseStatus.NORMAL);
		return session;
	}

	@Benchmark
	public Object globalCapOnly() throws Exception {
		return this.globalCapOnly.run(this.request, this.response);
	}

	@Benchmark
	public Object userAndRoomLimits() throws Exception {
		return this.userAndRoomLimits.run(this.request, this.response);
	}

	private static final class Lifecycle {

		private final SessionLimitHandshakeInterceptor interceptor;

		private final WebSocketHandler handler;

		Lifecycle(List<SessionLimit> limits) {
			RequestRejections rejections = new RequestRejections();
			WebSocketSessionLimiter limiter = new WebSocketSessionLimiter(new SessionLimits(limits),
					new SessionCap(1_000_000, CloseStatus.SERVICE_OVERLOAD, RejectionReason.WEBSOCKET_GLOBAL),
					new LocalSessionLeaseStore(), rejections);
			this.interceptor = new SessionLimitHandshakeInterceptor(limiter,
					new ClientKeyResolver("X-Forwarded-For", List.of("10.0.0.0/8")), null, rejections,
					Duration.ofSeconds(5));
			this.handler = new SessionLimitDecoratorFactory(limiter, Duration.ofSeconds(10), DataSize.ofKilobytes(64))
				.decorate(new TextWebSocketHandler());
		}

		Object run(MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {
			Map<String, Object> attributes = new HashMap<>();
			if (!this.interceptor.beforeHandshake(new ServletServerHttpRequest(request),
					new ServletServerHttpResponse(response), this.handler, attributes)) {
				throw new IllegalStateException("refused");
			}
			StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), attributes, null, null);
			this.handler.afterConnectionEstablished(session);
			this.handler.afterConnectionClosed(session, CloseStatus.NORMAL);
			return session;
		}

	}

}
