package io.memguard.websocket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.memguard.rejection.ProblemResponses;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What needs an application of its own: the global cap, and a server that shuts down with
 * sessions open.
 */
class WebSocketShutdownAndGlobalCapTests {

	@Test
	void shutdownClosesOpenSessionsWithGoingAwayAndGivesBackEveryCount() throws Exception {
		ConfigurableApplicationContext context = start();
		WebSocketSessionLimiter limiter = context.getBean(WebSocketSessionLimiter.class);
		LocalSessionLeaseStore store = context.getBean(LocalSessionLeaseStore.class);
		int port = port(context);
		List<RawWebSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				sockets.add(open(port, "/ws/rooms/r" + (i % 2) + "?user=u" + (i % 3)));
			}
			RawWebSocket stomp = open(port, "/stomp?user=s");
			stomp.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
			assertThat(stomp.readFrame().text()).startsWith("CONNECTED");
			sockets.add(stomp);
			await().atMost(30, TimeUnit.SECONDS).until(() -> limiter.openSessions() == 7);
			assertThat(store.counterCount()).isEqualTo(3);

			context.close();

			assertThat(limiter.openSessions()).isZero();
			assertThat(store.counterCount()).isZero();
			for (RawWebSocket socket : sockets) {
				assertThat(socket.awaitClose().closeCode()).isEqualTo(1001);
			}
		}
		finally {
			context.close();
			for (RawWebSocket socket : sockets) {
				socket.kill();
			}
		}
	}

	@Test
	void globalCapRefusesAtTheHandshakeAndClosesWith1013WhereHandshakesAreNotRefused() throws Exception {
		try (ConfigurableApplicationContext context = start("memguard.websocket.global.max-sessions=2")) {
			int port = port(context);
			WebSocketSessionLimiter limiter = context.getBean(WebSocketSessionLimiter.class);
			List<RawWebSocket> sockets = new ArrayList<>(List.of(open(port, "/ws/open/a"), open(port, "/ws/open/b")));
			try {
				await().atMost(30, TimeUnit.SECONDS).until(() -> limiter.openSessions() == 2);
				RawWebSocket refused = RawWebSocket.connect(port, "/ws/presence?user=x");
				sockets.add(refused);
				assertThat(refused.status()).isEqualTo(429);
				assertThat(refused.header(ProblemResponses.REASON_HEADER)).isEqualTo("websocket-global");
				RawWebSocket closed = open(port, "/ws/chat/r?user=y");
				sockets.add(closed);
				RawWebSocket.Frame close = closed.awaitClose();
				assertThat(close.closeCode()).isEqualTo(1013);
				assertThat(close.closeReason()).isEqualTo("Server is full, try again later");
				assertThat(limiter.openSessions()).isEqualTo(2);
			}
			finally {
				for (RawWebSocket socket : sockets) {
					socket.kill();
				}
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "spring.config.import=classpath:websocket-limits-test.properties"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(WebSocketTestApplication.class).properties(all.toArray(String[]::new))
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static RawWebSocket open(int port, String path) throws IOException {
		RawWebSocket socket = RawWebSocket.connect(port, path);
		assertThat(socket.status()).as(path).isEqualTo(101);
		return socket;
	}

}
