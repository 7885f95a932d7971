package io.memguard.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/memory} and the {@code memory} health indicator over HTTP, on a real
 * server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,memory",
				"management.endpoint.health.show-components=always", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,memory" })
class MemoryEndpointWebIntegrationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void memoryEndpointAnswersWithTheDocumentedJsonShape() throws Exception {
		HttpResponse<String> response = get("/actuator/memory");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode memory = JsonMapper.builder().build().readTree(response.body());
		assertThat(memory.get("level").asString()).isIn("NORMAL", "WARNING", "CRITICAL");
		assertThat(memory.get("levelSince").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		JsonNode heap = memory.get("heap");
		assertThat(heap.get("max").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
		assertThat(heap.get("used").asLong()).isPositive();
		assertThat(heap.has("committed") && heap.has("usedAfterLastGc") && heap.has("liveRatio")).isTrue();
		assertThat(memory.get("thresholds").get("warning").asDouble()).isEqualTo(0.75);
		assertThat(memory.get("thresholds").has("emergencyTrip")).isFalse();
		assertThat(memory.get("nonHeap").get("used").asLong()).isPositive();
		assertThat(memory.get("bufferPools").get("direct").has("memoryUsed")).isTrue();
		assertThat(memory.get("gc").properties()).isNotEmpty()
			.allSatisfy((collector) -> assertThat(
					collector.getValue().has("count") && collector.getValue().has("timeMillis"))
				.isTrue());
		assertThat(memory.get("example").get("answer").asInt()).isEqualTo(42);
	}

	@Test
	void memoryIsPartOfReadinessButNeverOfLiveness() throws Exception {
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode components = JsonMapper.builder().build().readTree(readiness.body()).get("components");
		assertThat(components.get("memory").get("status").asString()).isEqualTo("UP");
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		assertThat(liveness.body()).doesNotContain("memory");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class TestApplication {

		@Bean
		MemoryEndpointContributor exampleContributor() {
			return new MemoryEndpointContributor() {

				@Override
				public String sectionName() {
					return "example";
				}

				@Override
				public Object section() {
					return Map.of("answer", 42);
				}

			};
		}

	}

}
