package io.memguard.sample.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app in a forked JVM at {@code -Xmx256m}: the flood of the issue (24 clients
 * asking for 24 MB held 1.5 s each, for 25 s), then its demo endpoints. The flood comes
 * first so that admission learns the route's cost from the flood's own requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleFloodTests {

	private static final Path LOG = Path.of("target", "flood-test-app.log");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ForkedSampleApp app;

	@BeforeAll
	void startSampleApp() throws Exception {
		this.app = ForkedSampleApp.start(LOG, List.of("-Xmx256m"), List.of());
	}

	@AfterAll
	void stopSampleApp() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	@Order(0)
	void survivesTheFloodWithoutOutOfMemoryErrorAndRecovers() throws Exception {
		FloodHarness.Result result = FloodHarness.flood(this.app.uri("/demo/allocate?mb=24&holdMillis=1500"), 24,
				Duration.ofSeconds(25));
		// a normal request may be shed until the level is confirmed, which shed requests
		// prompt
		long start = System.nanoTime();
		await("readiness UP and a normal request answered 200").atMost(Duration.ofSeconds(30))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.app.get("/demo/allocate?mb=1").statusCode() == 200 && this.app.isReady());
		String report = "Flood: " + result + "; readiness UP and a normal request answered 200 "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after the flood";
		System.out.println(report);
		Files.writeString(Path.of("target", "flood-result.txt"), report + System.lineSeparator());
		assertThat(this.app.isAlive()).isTrue();
		assertThat(this.app.log()).doesNotContain("java.lang.OutOfMemoryError");
		assertThat(result.unexpected()).isEmpty();
		assertThat(result.ok()).isPositive();
		assertThat(result.rejected()).isPositive();
	}

	@Test
	@Order(1)
	void allocateAnswersWhatItAllocated() throws Exception {
		HttpResponse<String> response = this.app.get("/demo/allocate?mb=2&holdMillis=10&chunkKb=256");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"allocatedBytes\":2097152").contains("\"chunks\":8");
	}

	@Test
	@Order(2)
	void uploadAnswersTheByteCountOfAStreamedBody() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.app.uri("/demo/upload"))
			.POST(BodyPublishers.ofByteArray(new byte[300_000]))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"bytes\":300000");
	}

	@Test
	@Order(3)
	void slowAnswersAfterWaiting() throws Exception {
		HttpResponse<String> response = this.app.get("/demo/slow?millis=50");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"sleptMillis\":50");
	}

	@Test
	@Order(4)
	void badParametersGetAProblem() throws Exception {
		for (String path : List.of("/demo/allocate?mb=0", "/demo/allocate?mb=lots", "/demo/allocate",
				"/demo/slow?millis=-1")) {
			HttpResponse<String> response = this.app.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).as(path).contains("\"status\":400");
		}
	}

	@Test
	@Order(5)
	void aClientAllocatingOneRequestAfterAnotherNeverRaisesTheLevelToCritical() throws Exception {
		long criticalBefore = criticalTransitions();
		for (int mb : new int[] { 20, 40, 60 }) {
			for (int i = 0; i < 20; i++) {
				assertThat(this.app.get("/demo/allocate?mb=" + mb).statusCode()).as(mb + " MB").isEqualTo(200);
			}
		}
		assertThat(criticalTransitions()).isEqualTo(criticalBefore);
	}

	private long criticalTransitions() throws IOException {
		return this.app.log().lines().filter((line) -> line.contains("-> CRITICAL")).count();
	}

}
