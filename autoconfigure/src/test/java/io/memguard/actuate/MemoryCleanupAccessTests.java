package io.memguard.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exposing {@code /actuator/memory} exposes its figures, not its cleanup: the write
 * operation needs {@code management.endpoint.memory.access=unrestricted}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=memory")
class MemoryCleanupAccessTests {

	@LocalServerPort
	int port;

	@Test
	void cleanupIsNotAvailableWhereOnlyTheEndpointIsExposed() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		URI uri = URI.create("http://localhost:" + this.port + "/actuator/memory");
		assertThat(
				client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
			.isEqualTo(200);
		HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"force\": true}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(405);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class TestApplication {

	}

}
