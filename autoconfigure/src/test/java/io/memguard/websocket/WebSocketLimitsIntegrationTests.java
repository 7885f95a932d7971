package io.memguard.websocket;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;
import io.memguard.websocket.WebSocketTestApplication.EchoHandler;
import io.memguard.websocket.WebSocketTestApplication.FirehoseHandler;
import io.memguard.cache.jpa.CacheTestApplication.SettableMemoryProbe;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session limits of plain WebSocket endpoints on a real Tomcat, with real clients:
 * raw sockets for what misbehaving clients do and the JDK's WebSocket client for the
 * rest.
 */
@SpringBootTest(classes = WebSocketTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:websocket-limits-test.properties")
class WebSocketLimitsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final List<RawWebSocket> sockets = new ArrayList<>();

	private final List<JdkWebSocketClient> clients = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessionLimiter limiter;

	@Autowired
	LocalSessionLeaseStore store;

	@Autowired
	RequestRejections rejections;

	@Autowired
	EchoHandler echoHandler;

	@AfterEach
	void closeEverything() throws IOException {
		for (RawWebSocket socket : this.sockets) {
			socket.kill();
		}
		this.clients.forEach(JdkWebSocketClient::abort);
		awaitNoSessionCounted();
	}

	@Test
	void fourthSessionOfAUserIsRefusedAtTheHandshakeAndAFifthIsAcceptedOnceOneCloses() throws Exception {
		long refusedBefore = this.rejections.count(RejectionReason.WEBSOCKET_USER);
		List<RawWebSocket> alice = List.of(open("/ws/presence?user=alice"), open("/ws/presence?user=alice"),
				open("/ws/presence?user=alice"));
		awaitCount("user:/ws/presence", "principal:alice", 3);

		RawWebSocket fourth = connect("/ws/presence?user=alice");
		assertThat(fourth.status()).isEqualTo(429);
		assertThat(fourth.header("Retry-After")).isNotBlank();
		assertThat(fourth.header(ProblemResponses.REASON_HEADER)).isEqualTo("websocket-user");
		assertThat(fourth.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = JsonMapper.builder().build().readTree(fourth.body());
		assertThat(problem.get("type").asString()).isEqualTo(ProblemResponses.TYPE_BASE + "websocket-user");
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(this.rejections.count(RejectionReason.WEBSOCKET_USER)).isEqualTo(refusedBefore + 1);
		assertThat(open("/ws/presence?user=bob").status()).isEqualTo(101);

		assertThat(alice.get(0).closeNormally().closeCode()).isEqualTo(1000);
		awaitCount("user:/ws/presence", "principal:alice", 2);
		RawWebSocket fifth = open("/ws/presence?user=alice");
		fifth.sendText("hello");
		assertThat(fifth.readFrame().text()).isEqualTo("alice:hello");
		awaitCount("user:/ws/presence", "principal:alice", 3);
	}

	@Test
	void eleventhSessionInARoomIsRefusedAtTheHandshakeWhileOtherRoomsStayOpen() throws Exception {
		for (int i = 0; i < 10; i++) {
			open("/ws/rooms/blue?user=member" + i);
		}
		awaitCount("room:/ws/rooms/{room}", "blue", 10);
		RawWebSocket eleventh = connect("/ws/rooms/blue?user=late");
		assertThat(eleventh.status()).isEqualTo(429);
		assertThat(eleventh.header(ProblemResponses.REASON_HEADER)).isEqualTo("websocket-room");
		assertThat(open("/ws/rooms/green?user=late").status()).isEqualTo(101);
		// Spring MVC decodes the path before mapping the endpoint; so does the room key
		assertThat(connect("/ws/rooms/%62lue?user=late").status()).isEqualTo(429);
	}

	@Test
	void withoutHandshakeRefusalTheFourthSessionOfAUserIsClosedWith4001() throws Exception {
		int handlerSessionsBefore = this.echoHandler.open.size();
		List<JdkWebSocketClient> carol = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			carol.add(jdkClient("/ws/chat/r1?user=carol"));
		}
		awaitCount("user:/ws/chat/{room}", "principal:carol", 3);
		JdkWebSocketClient fourth = jdkClient("/ws/chat/r1?user=carol");
		assertThat(fourth.awaitCloseCode()).isEqualTo(4001);
		assertThat(fourth.closeReason()).isEqualTo("Too many connections");
		assertThat(this.echoHandler.open).hasSize(handlerSessionsBefore + 3);
		assertThat(carol.get(0).echo("still here")).isEqualTo("carol:still here");
	}

	@Test
	void withoutHandshakeRefusalTheEleventhSessionInARoomIsClosedWith4002() throws Exception {
		for (int i = 0; i < 10; i++) {
			jdkClient("/ws/chat/r2?user=guest" + i);
		}
		awaitCount("room:/ws/chat/{room}", "r2", 10);
		JdkWebSocketClient eleventh = jdkClient("/ws/chat/r2?user=guest10");
		assertThat(eleventh.awaitCloseCode()).isEqualTo(4002);
		assertThat(eleventh.closeReason()).isEqualTo("Session is full");
	}

	@Test
	void userThatTheHandshakeHandlerDeterminesIsCountedAndClosedWith4001() throws Exception {
		for (int i = 0; i < 3; i++) {
			jdkClient("/ws/late?login=dave");
		}
		awaitCount("user:/ws/late", "principal:dave", 3);
		// The handshake only knows the client address, so the cap is enforced once the
		// session opens with its principal
		JdkWebSocketClient fourth = jdkClient("/ws/late?login=dave");
		assertThat(fourth.awaitCloseCode()).isEqualTo(4001);
		assertThat(jdkClient("/ws/late?login=eve").echo("hi")).isEqualTo("eve:hi");
	}

	@Test
	void concurrentHandshakesNeverLetMoreSessionsInThanTheCap() throws Exception {
		long refusedBefore = this.rejections.count(RejectionReason.WEBSOCKET_USER);
		int attempts = 24;
		ExecutorService executor = Executors.newFixedThreadPool(attempts);
		try {
			List<Future<RawWebSocket>> results = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				results.add(executor.submit(() -> connect("/ws/presence?user=erin")));
			}
			for (Future<RawWebSocket> result : results) {
				result.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		awaitCount("user:/ws/presence", "principal:erin", 3);
		await().atMost(WAIT)
			.until(() -> this.rejections.count(RejectionReason.WEBSOCKET_USER) == refusedBefore + attempts - 3);
		assertThat(this.store.count(quota("user:/ws/presence", "principal:erin"))).isEqualTo(3);
	}

	@Test
	void hundredsOfSessionsKilledAbruptlyLeaveNoCountBehind() throws Exception {
		List<Integer> refused = new ArrayList<>();
		List<RawWebSocket> open = new ArrayList<>();
		for (int user = 0; user < 80; user++) {
			for (int i = 0; i < 3; i++) {
				open.add(open("/ws/presence?user=kill" + user));
			}
		}
		for (int room = 0; room < 16; room++) {
			for (int i = 0; i < 10; i++) {
				open.add(open("/ws/rooms/kill" + room + "?user=k" + i));
			}
		}
		for (int i = 0; i < 40; i++) {
			open.add(open("/ws/open/" + i));
			open.add(open("/ws/chat/kill" + (i % 4) + "?user=chat" + i));
		}
		// handshakes that fail after the session limits looked at them
		for (int i = 0; i < 20; i++) {
			refused.add(connect("/ws/presence?user=other" + i, Map.of("Sec-WebSocket-Version", "8")).status());
			refused.add(connect("/ws/rooms/elsewhere?user=x", Map.of("Origin", "http://elsewhere.example")).status());
		}
		assertThat(refused).containsOnly(426, 403).hasSize(40);
		await().atMost(WAIT).until(() -> this.limiter.openSessions() == open.size());
		assertThat(this.echoHandler.open).hasSize(open.size());

		for (int i = 0; i < open.size(); i++) {
			RawWebSocket socket = open.get(i);
			switch (i % 3) {
				case 0 -> socket.kill();
				case 1 -> socket.close();
				default -> socket.closeNormally();
			}
		}
		awaitNoSessionCounted();
		assertThat(this.echoHandler.open).isEmpty();
	}

	@Test
	void slowConsumerIsClosedByTheBufferLimitWhileTheHeapStaysFlat(@Autowired FirehoseHandler firehose)
			throws Exception {
		long heapBefore = liveHeap();
		firehose.offeredBytes.set(0);
		firehose.closeStatus.set(null);
		RawWebSocket reader = RawWebSocket.connect(this.port, "/ws/firehose", Map.of(), 4096);
		this.sockets.add(reader);
		assertThat(reader.status()).isEqualTo(101);
		reader.sendText("flood");
		// the client never reads again: the server's sends block, the rest queue up
		await().atMost(WAIT).until(() -> firehose.closeStatus.get() != null);
		assertThat(firehose.closeStatus.get().getCode()).isEqualTo(4500);
		long offered = firehose.offeredBytes.get();
		long heapAfter = liveHeap();
		assertThat(offered).isGreaterThan(64 * 1024);
		assertThat(heapAfter - heapBefore).as("heap growth after %d bytes offered", offered)
			.isLessThan(16L * 1024 * 1024);
	}

	@Test
	void criticalMemoryRefusesNewHandshakesWith503AndLeavesOpenSessionsAlone(@Autowired MemoryMonitor monitor,
			@Autowired SettableMemoryProbe probe) throws Exception {
		RawWebSocket open = open("/ws/presence?user=ivan");
		try {
			probe.ratio = 0.99;
			assertThat(monitor.refresh().level()).isEqualTo(MemoryPressureLevel.CRITICAL);
			RawWebSocket refused = connect("/ws/presence?user=judy");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.header("Retry-After")).isNotBlank();
			open.sendText("ping");
			assertThat(open.readFrame().text()).isEqualTo("ivan:ping");
		}
		finally {
			probe.ratio = 0.1;
			monitor.refresh();
		}
	}

	@Test
	void memoryEndpointAndMetricsShowTheSessions(@Autowired MeterRegistry meterRegistry) throws Exception {
		open("/ws/presence?user=frank");
		open("/ws/presence?user=frank");
		open("/ws/rooms/pink?user=frank");
		awaitCount("user:/ws/presence", "principal:frank", 2);
		await().atMost(WAIT).until(() -> this.limiter.openSessions() == 3);
		String body = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/memory")).build(),
					BodyHandlers.ofString())
			.body();
		JsonNode section = JsonMapper.builder().build().readTree(body).get("websocket");
		assertThat(section.get("openSessions").asInt()).isEqualTo(3);
		assertThat(section.get("maxSessions").asInt()).isZero();
		JsonNode presence = limit(section, "/ws/presence");
		assertThat(presence.get("maxSessionsPerUser").asInt()).isEqualTo(3);
		assertThat(presence.get("busiestUsers").get(0).get("key").asString()).isEqualTo("principal:frank");
		assertThat(presence.get("busiestUsers").get(0).get("sessions").asInt()).isEqualTo(2);
		JsonNode rooms = limit(section, "/ws/rooms/{room}");
		assertThat(rooms.get("busiestRooms").get(0).get("key").asString()).isEqualTo("pink");
		assertThat(section.get("rejected").propertyNames()).containsExactly("websocket-user", "websocket-room",
				"websocket-global", "websocket-memory");
		assertThat(meterRegistry.get("memguard.websocket.sessions").gauge().value()).isEqualTo(3);
		double userRejections = rejections(meterRegistry, "websocket-user");
		open("/ws/presence?user=frank");
		// the lease is taken once the session is established, just after the 101: a
		// handshake racing it is accepted and closed with 4001 instead of refused
		awaitCount("user:/ws/presence", "principal:frank", 3);
		assertThat(connect("/ws/presence?user=frank").status()).isEqualTo(429);
		assertThat(rejections(meterRegistry, "websocket-user")).isEqualTo(userRejections + 1);
	}

	private static double rejections(MeterRegistry meterRegistry, String reason) {
		return meterRegistry.get("memguard.web.rejections").tag("reason", reason).functionCounter().count();
	}

	private static JsonNode limit(JsonNode section, String pattern) {
		for (JsonNode limit : section.get("limits")) {
			if (limit.get("pattern").asString().equals(pattern)) {
				return limit;
			}
		}
		throw new AssertionError("No limit " + pattern + " in " + section);
	}

	private RawWebSocket open(String path) throws IOException {
		RawWebSocket socket = connect(path);
		assertThat(socket.status()).as(path).isEqualTo(101);
		return socket;
	}

	private RawWebSocket connect(String path) throws IOException {
		return connect(path, Map.of());
	}

	private RawWebSocket connect(String path, Map<String, String> headers) throws IOException {
		RawWebSocket socket = RawWebSocket.connect(this.port, path, headers, 0);
		synchronized (this.sockets) {
			this.sockets.add(socket);
		}
		return socket;
	}

	private JdkWebSocketClient jdkClient(String path) throws Exception {
		JdkWebSocketClient client = JdkWebSocketClient.connect(this.http, "ws://localhost:" + this.port + path);
		this.clients.add(client);
		return client;
	}

	private void awaitCount(String scope, String key, int sessions) {
		await().atMost(WAIT).until(() -> this.store.count(quota(scope, key)) == sessions);
	}

	private static SessionQuota quota(String scope, String key) {
		return new SessionQuota(scope, key, Integer.MAX_VALUE);
	}

	private void awaitNoSessionCounted() {
		await().atMost(WAIT).until(() -> this.limiter.openSessions() == 0 && this.store.counterCount() == 0);
	}

	private static long liveHeap() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
