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
				"management.endpoint.health.show-components=always", "management.endpoint.health.probes.enabled=true",
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
