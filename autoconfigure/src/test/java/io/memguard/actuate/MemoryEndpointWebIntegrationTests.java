package io.memguard.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.memguard.memory.JvmMemoryProbe;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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
				"management.endpoint.memory.access=unrestricted", "management.endpoint.health.show-components=always",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,memory",
				"management.endpoint.health.group.liveness.include=livenessState,memory",
				"management.endpoint.health.group.liveness.status.http-mapping.out-of-service=200" })
class MemoryEndpointWebIntegrationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	SwitchableProbe probe;

	@Autowired
	MemoryMonitor monitor;

	@LocalServerPort
	int port;

	@Test
	void memoryEndpointAnswersWithTheDocumentedJsonShape() throws Exception {
		HttpResponse<String> response = get("/actuator/memory");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode memory = this.json.readTree(response.body());
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
	void criticalTakesTheInstanceOutOfReadinessButLivenessKeepsAnswering() throws Exception {
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		this.probe.override = new MemoryReading(95, 100, -1, -1);
		try {
			this.monitor.refresh();
			HttpResponse<String> readiness = get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(this.json.readTree(readiness.body()).get("components").get("memory").get("status").asString())
				.isEqualTo("OUT_OF_SERVICE");
			HttpResponse<String> liveness = get("/actuator/health/liveness");
			assertThat(liveness.statusCode()).isEqualTo(200);
			assertThat(get("/actuator/memory").statusCode()).isEqualTo(200);
		}
		finally {
			this.probe.override = null;
			this.monitor.refresh();
		}
	}

	@Test
	void cleanupAtNormalLevelSaysWhyItDidNotRun() throws Exception {
		HttpResponse<String> response = post("{\"threshold\": 0.99}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = this.json.readTree(response.body());
		assertThat(report.get("ran").asBoolean()).isFalse();
		assertThat(report.get("reason").asString()).contains("below threshold 0.99");
		assertThat(report.get("before").get("retainedRatio").asDouble()).isLessThan(0.99);
		assertThat(report.has("after")).isFalse();
	}

	@Test
	void forcedCleanupAnswersWithTheFiguresBeforeAndAfter() throws Exception {
		HttpResponse<String> response = post("{\"force\": true}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = this.json.readTree(response.body());
		assertThat(report.get("ran").asBoolean()).isTrue();
		assertThat(report.get("reason").asString()).isEqualTo("forced");
		for (String figures : new String[] { "before", "after" }) {
			assertThat(report.get(figures).get("heapUsed").asLong()).as(figures).isPositive();
			assertThat(report.get(figures).has("retainedRatio")).as(figures).isTrue();
		}
		assertThat(report.get("steps").get("garbageCollection").get("heapUsedAfter").asLong()).isPositive();
	}

	@Test
	void badCleanupInputGetsAProblem() throws Exception {
		for (String body : new String[] { "{\"threshold\": 1.5}", "{\"threshold\": 0}", "{\"threshold\": \"lots\"}",
				"{\"force\": \"maybe\"}" }) {
			HttpResponse<String> response = post(body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.get("type").asString())
				.isEqualTo("https://memguard.io/problems/invalid-cleanup-request");
			assertThat(problem.get("status").asInt()).isEqualTo(400);
			assertThat(problem.get("detail").asString()).as(body).containsAnyOf("threshold", "force");
		}
	}

	private HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/memory"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class TestApplication {

		@Bean
		SwitchableProbe switchableProbe() {
			return new SwitchableProbe();
		}

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

	/**
	 * The real probe, unless a test overrides its reading.
	 */
	static class SwitchableProbe implements MemoryProbe {

		private final JvmMemoryProbe real = new JvmMemoryProbe();

		volatile MemoryReading override;

		@Override
		public MemoryReading read() {
			MemoryReading reading = this.override;
			return (reading != null) ? reading : this.real.read();
		}

	}

}
