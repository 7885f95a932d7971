package io.memguard.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app starts on its default H2 database, migrates it with Flyway and answers
 * on its actuator and notes endpoints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void healthIsUpWithMemoryInReadiness() throws Exception {
		HttpResponse<String> health = send(get("/actuator/health"));
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(health.body()).get("components").get("memory").get("status").asString())
			.isEqualTo("UP");
		HttpResponse<String> readiness = send(get("/actuator/health/readiness"));
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"memory\"");
		assertThat(send(get("/actuator/health/liveness")).body()).doesNotContain("memory");
	}

	@Test
	void memoryEndpointAndLevelMetricAnswer() throws Exception {
		HttpResponse<String> memory = send(get("/actuator/memory"));
		assertThat(memory.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(memory.body());
		assertThat(body.get("level").asString()).isEqualTo("NORMAL");
		assertThat(body.get("heap").get("max").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
		HttpResponse<String> level = send(get("/actuator/metrics/memguard.memory.level"));
		assertThat(level.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(level.body()).get("measurements").get(0).get("value").asDouble()).isZero();
	}

	@Test
	void notesAreStoredAndReadBack() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/notes"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Shopping\",\"body\":\"Milk\"}"))
			.build());
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> read = send(get(location));
		assertThat(this.json.readTree(read.body()).get("title").asString()).isEqualTo("Shopping");
		assertThat(send(get("/notes")).body()).contains("Welcome").contains("Shopping");
	}

	@Test
	void badNotesAndMissingNotesGetProblemDetails() throws Exception {
		HttpResponse<String> invalid = send(HttpRequest.newBuilder(uri("/notes"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"\",\"body\":\"x\"}"))
			.build());
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> missing = send(get("/notes/999999"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void actuatorExposesReadOperationsOnly() throws Exception {
		assertThat(send(get("/actuator/caches")).statusCode()).isEqualTo(200);
		HttpResponse<String> clearAll = send(HttpRequest.newBuilder(uri("/actuator/caches")).DELETE().build());
		assertThat(clearAll.statusCode()).isEqualTo(405);
		HttpResponse<String> clearOne = send(
				HttpRequest.newBuilder(uri("/actuator/caches/profanity-words")).DELETE().build());
		assertThat(clearOne.statusCode()).isEqualTo(405);
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
