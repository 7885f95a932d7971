package io.memguard.websocket;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import org.springframework.web.socket.sockjs.client.RestTemplateXhrTransport;
import org.springframework.web.socket.sockjs.client.SockJsClient;
import org.springframework.web.socket.sockjs.client.Transport;
import org.springframework.web.socket.sockjs.client.WebSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The session limits of STOMP endpoints, over WebSocket and over SockJS, on a real Tomcat
 * with Spring's STOMP client.
 */
@SpringBootTest(classes = WebSocketTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:websocket-limits-test.properties")
class StompSessionLimitsIntegrationTests {

	private final List<StompSession> sessions = new ArrayList<>();

	private final List<RawWebSocket> sockets = new ArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessionLimiter limiter;

	@Autowired
	LocalSessionLeaseStore store;

	@AfterEach
	void closeEverything() throws IOException {
		for (StompSession session : this.sessions) {
			if (session.isConnected()) {
				session.disconnect();
			}
		}
		for (RawWebSocket socket : this.sockets) {
			socket.kill();
		}
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.limiter.openSessions() == 0 && this.store.counterCount() == 0);
	}

	@Test
	void thirdStompSessionOfAUserIsRefusedAtTheHandshakeWhileMessagesFlowOnTheOthers() throws Exception {
		WebSocketStompClient client = stompClient(new StandardWebSocketClient());
		StompSession first = connect(client, "ws://localhost:" + this.port + "/stomp", "gina");
		StompSession second = connect(client, "ws://localhost:" + this.port + "/stomp", "gina");
		awaitCount("user:/stomp", "principal:gina", 2);

		RawWebSocket third = raw("/stomp?user=gina");
		assertThat(third.status()).isEqualTo(429);
		assertThat(third.header("X-Memguard-Rejected")).isEqualTo("websocket-user");

		CompletableFuture<String> received = new CompletableFuture<>();
		first.subscribe("/topic/news", new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return String.class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				received.complete((String) payload);
			}

		});
		// SUBSCRIBE has no reply; a receipt-less wait until the broker knows it
		await().atMost(30, TimeUnit.SECONDS).until(() -> {
			second.send("/topic/news", "hello");
			return received.isDone();
		});
		assertThat(received.get()).isEqualTo("hello");

		first.disconnect();
		awaitCount("user:/stomp", "principal:gina", 1);
		connect(client, "ws://localhost:" + this.port + "/stomp", "gina");
		awaitCount("user:/stomp", "principal:gina", 2);
	}

	@Test
	void stompOverSockJsIsCountedOverWebSocketAndHttpStreamingAlike() throws Exception {
		String url = "http://localhost:" + this.port + "/stomp-sockjs";
		WebSocketStompClient overWebSocket = stompClient(
				new SockJsClient(List.<Transport>of(new WebSocketTransport(new StandardWebSocketClient()))));
		WebSocketStompClient overHttp = stompClient(
				new SockJsClient(List.<Transport>of(new RestTemplateXhrTransport())));
		connect(overWebSocket, url, "hank");
		connect(overHttp, url, "hank");
		awaitCount("user:/stomp-sockjs/**", "principal:hank", 2);

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> connect(overWebSocket, url, "hank"));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> connect(overHttp, url, "hank"));
		assertThat(this.store.count(quota("user:/stomp-sockjs/**", "principal:hank"))).isEqualTo(2);
	}

	@Test
	void stompSessionsKilledAbruptlyLeaveNoCountBehind() throws Exception {
		List<RawWebSocket> open = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			RawWebSocket socket = raw("/stomp?user=stomper" + (i / 2));
			assertThat(socket.status()).isEqualTo(101);
			socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
			assertThat(socket.readFrame().text()).startsWith("CONNECTED");
			open.add(socket);
		}
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.limiter.openSessions() == open.size());
		for (int i = 0; i < open.size(); i++) {
			if (i % 2 == 0) {
				open.get(i).kill();
			}
			else {
				open.get(i).close();
			}
		}
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.limiter.openSessions() == 0 && this.store.counterCount() == 0);
	}

	@Test
	void stompTransportGetsTheSessionBounds(@Autowired SubProtocolWebSocketHandler handler) {
		assertThat(handler.getSendBufferSizeLimit()).isEqualTo(64 * 1024);
		assertThat(handler.getSendTimeLimit()).isEqualTo(2000);
	}

	private static WebSocketStompClient stompClient(WebSocketClient webSocketClient) {
		WebSocketStompClient client = new WebSocketStompClient(webSocketClient);
		client.setMessageConverter(new StringMessageConverter());
		return client;
	}

	private StompSession connect(WebSocketStompClient client, String url, String user) throws Exception {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.add("X-User", user);
		StompSession session = client.connectAsync(url, headers, new StompSessionHandlerAdapter() {
		}).get(30, TimeUnit.SECONDS);
		this.sessions.add(session);
		return session;
	}

	private RawWebSocket raw(String path) throws IOException {
		RawWebSocket socket = RawWebSocket.connect(this.port, path);
		this.sockets.add(socket);
		return socket;
	}

	private void awaitCount(String scope, String key, int sessions) {
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.store.count(quota(scope, key)) == sessions);
	}

	private static SessionQuota quota(String scope, String key) {
		return new SessionQuota(scope, key, Integer.MAX_VALUE);
	}

}
