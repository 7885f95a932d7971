package io.memguard.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.memguard.test.redis.EmbeddedRedis;
import io.memguard.websocket.JdkWebSocketClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample with the {@code redis} profile on one real Redis, as the
 * README shows: they see each other in {@code /actuator/memory}, and the presence cap of
 * 3 sessions per user holds across them.
 */
class RedisProfileTests {

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<JdkWebSocketClient> open = new ArrayList<>();

	@BeforeAll
	static void startTwoInstances() {
		first = start();
		second = start();
	}

	@AfterAll
	static void stopInstances() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--spring.data.redis.url=redis://127.0.0.1:" + redis.port());
	}

	@AfterEach
	void closeAll() {
		this.open.forEach(JdkWebSocketClient::abort);
	}

	@Test
	void instancesSeeEachOtherAndShareTheirCaches() throws Exception {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> memory(first).get("fleet").get("instancesSeen").asInt() == 2);
		JsonNode memory = memory(second);
		assertThat(memory.get("fleet").get("failOpen").get("failingOpen").asBoolean()).isFalse();
		assertThat(memory.get("cacheBroadcast").get("transport").asString()).isEqualTo("redis");
	}

	@Test
	void fourthPresenceSessionOfAUserOnEitherInstanceIsClosedWith4001() throws Exception {
		connect(first, "/ws/presence?user=alice");
		connect(first, "/ws/presence?user=alice");
		connect(second, "/ws/presence?user=alice");
		JdkWebSocketClient fourth = connect(second, "/ws/presence?user=alice");
		assertThat(fourth.awaitCloseCode()).isEqualTo(4001);
		assertThat(connect(first, "/ws/presence?user=bob").nextText()).startsWith("online: ");
	}

	private JdkWebSocketClient connect(ConfigurableApplicationContext instance, String path) throws Exception {
		JdkWebSocketClient client = JdkWebSocketClient.connect(this.http, "ws://127.0.0.1:" + port(instance) + path);
		this.open.add(client);
		return client;
	}

	private JsonNode memory(ConfigurableApplicationContext instance) throws Exception {
		String body = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + "/actuator/memory")).build(),
					BodyHandlers.ofString())
			.body();
		return JsonMapper.builder().build().readTree(body);
	}

	private static int port(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
	}

}
