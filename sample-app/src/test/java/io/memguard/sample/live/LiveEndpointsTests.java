package io.memguard.sample.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's presence and room endpoints with the limits of its
 * {@code application.yml}, over the JDK's WebSocket client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LiveEndpointsTests {

	private final HttpClient client = HttpClient.newHttpClient();

	private final List<WebSocket> open = new ArrayList<>();

	@LocalServerPort
	int port;

	@AfterEach
	void closeAll() {
		this.open.forEach(WebSocket::abort);
	}

	@Test
	void fourthPresenceSessionOfAUserIsClosedWith4001() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(connect("/ws/presence?user=alice").texts.poll(30, TimeUnit.SECONDS)).startsWith("online: ");
		}
		Session fourth = connect("/ws/presence?user=alice");
		assertThat(fourth.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(4001);
		assertThat(fourth.closeReason).isEqualTo("Too many connections");
		assertThat(connect("/ws/presence?user=bob").texts.poll(30, TimeUnit.SECONDS)).contains("alice", "bob");
	}

	@Test
	void eleventhSessionInARoomIsClosedWith4002AndMembersHearEachOther() throws Exception {
		List<Session> members = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			members.add(connect("/ws/rooms/design?user=member" + i));
		}
		Session eleventh = connect("/ws/rooms/design?user=late");
		assertThat(eleventh.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(4002);
		assertThat(eleventh.closeReason).isEqualTo("Session is full");
		members.get(0).webSocket.sendText("hello", true).get(30, TimeUnit.SECONDS);
		assertThat(members.get(9).texts.poll(30, TimeUnit.SECONDS)).isEqualTo("member0: hello");
	}

	private Session connect(String path) throws Exception {
		Session session = new Session();
		session.webSocket = this.client.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + path), session)
			.get(30, TimeUnit.SECONDS);
		this.open.add(session.webSocket);
		return session;
	}

	static final class Session implements WebSocket.Listener {

		final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();

		volatile String closeReason;

		volatile WebSocket webSocket;

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.texts.add(data.toString());
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeReason = reason;
			this.closeCode.complete(statusCode);
			return null;
		}

	}

}
