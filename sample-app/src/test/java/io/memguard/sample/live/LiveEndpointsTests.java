package io.memguard.sample.live;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.memguard.websocket.JdkWebSocketClient;

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

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<JdkWebSocketClient> open = new ArrayList<>();

	@LocalServerPort
	int port;

	@AfterEach
	void closeAll() {
		this.open.forEach(JdkWebSocketClient::abort);
	}

	@Test
	void fourthPresenceSessionOfAUserIsClosedWith4001() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(connect("/ws/presence?user=alice").nextText()).startsWith("online: ");
		}
		JdkWebSocketClient fourth = connect("/ws/presence?user=alice");
		assertThat(fourth.awaitCloseCode()).isEqualTo(4001);
		assertThat(fourth.closeReason()).isEqualTo("Too many connections");
		assertThat(connect("/ws/presence?user=bob").nextText()).contains("alice", "bob");
	}

	@Test
	void eleventhSessionInARoomIsClosedWith4002AndMembersHearEachOther() throws Exception {
		List<JdkWebSocketClient> members = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			members.add(connect("/ws/rooms/design?user=member" + i));
		}
		JdkWebSocketClient eleventh = connect("/ws/rooms/design?user=late");
		assertThat(eleventh.awaitCloseCode()).isEqualTo(4002);
		assertThat(eleventh.closeReason()).isEqualTo("Session is full");
		members.get(0).send("hello");
		assertThat(members.get(9).nextText()).isEqualTo("member0: hello");
	}

	private JdkWebSocketClient connect(String path) throws Exception {
		JdkWebSocketClient client = JdkWebSocketClient.connect(this.http, "ws://localhost:" + this.port + path);
		this.open.add(client);
		return client;
	}

}
