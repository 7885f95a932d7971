package io.memguard.web;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.web.admission.MemoryAdmission;
import io.memguard.web.admission.MemoryAdmission.WaitOutcome;
import io.memguard.web.admission.RouteCost;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of memory-aware admission on a real Tomcat: requests wait for room
 * instead of being refused, cheap ones pass heavy ones, priorities order the queue and a
 * new route is learned without refusals. The heap is read as 100 MB with 10 MB retained,
 * so the budget is 80 MB and three requests holding 20 MB fit besides the room kept for
 * cheap ones.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memguard.web.shed.priority-header=X-Priority", "memguard.web.admission.max-wait=10s",
				"memguard.memory.min-dwell=0", "management.endpoints.web.exposure.include=memory" })
class AdmissionIntegrationTests {

	private static final long MB = 1024 * 1024;

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@LocalServerPort
	private int port;

	@Autowired
	private MemoryAdmission admission;

	@Test
	void requestsThatDoNotFitWaitForRoomInsteadOfBeingRefused() throws Exception {
		learn("/hold?mb=20&millis=0");
		long admittedAfterWaiting = this.admission.waitOutcomes(WaitOutcome.ADMITTED);
		List<CompletableFuture<HttpResponse<String>>> heavy = send(6, "/hold?mb=20&millis=1000");
		for (CompletableFuture<HttpResponse<String>> response : heavy) {
			assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(this.admission.waitOutcomes(WaitOutcome.ADMITTED) - admittedAfterWaiting).isGreaterThanOrEqualTo(3);
		assertThat(this.admission.reservedBytes()).isZero();
	}

	@Test
	void cheapRequestsAreServedAtOnceWhileHeavyOnesWait() throws Exception {
		learn("/hold?mb=20&millis=0");
		learn("/work");
		List<CompletableFuture<HttpResponse<String>>> heavy = send(6, "/hold?mb=20&millis=3000");
		await().until(() -> this.admission.waiting() > 0);
		long admittedAfterWaiting = this.admission.waitOutcomes(WaitOutcome.ADMITTED);
		for (CompletableFuture<HttpResponse<String>> cheap : send(20, "/work")) {
			assertThat(cheap.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(this.admission.waiting()).isPositive();
		assertThat(this.admission.waitOutcomes(WaitOutcome.ADMITTED)).isEqualTo(admittedAfterWaiting);
		for (CompletableFuture<HttpResponse<String>> response : heavy) {
			assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void waitingRequestsAreServedHighestPriorityFirst() throws Exception {
		learn("/hold?mb=20&millis=0");
		List<CompletableFuture<HttpResponse<String>>> holding = send(5, "/hold?mb=20&millis=2000&tag=first",
				"critical");
		await().until(() -> this.admission.waiting() > 0);
		int waiting = this.admission.waiting();
		CompletableFuture<HttpResponse<String>> low = send(1, "/hold?mb=20&millis=0&tag=low", "low").get(0);
		await().until(() -> this.admission.waiting() == waiting + 1);
		CompletableFuture<HttpResponse<String>> critical = send(1, "/hold?mb=20&millis=0&tag=critical", "critical")
			.get(0);
		await().until(() -> this.admission.waiting() == waiting + 2);
		assertThat(low.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(critical.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(TestController.completed).containsSubsequence("critical", "low");
		for (CompletableFuture<HttpResponse<String>> response : holding) {
			assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aBurstToANeverSeenRouteGetsNoRefusalAtNormal() throws Exception {
		for (CompletableFuture<HttpResponse<String>> response : send(20, "/never-seen")) {
			assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(this.admission.route("/never-seen")).isNotNull();
	}

	@Test
	void pathsWithoutAHandlerNeitherTakeSlotsNorShowInTheEndpoint() throws Exception {
		List<String> before = this.admission.routes().stream().map(RouteCost::pattern).toList();
		long prior = this.admission.prior();
		for (int i = 0; i < 300; i++) {
			assertThat(get("/junk/secret-" + i).statusCode()).isEqualTo(404);
		}
		assertThat(this.admission.routes()).extracting(RouteCost::pattern).containsExactlyInAnyOrderElementsOf(before);
		assertThat(get("/actuator/memory").body()).doesNotContain("secret-");
		assertThat(this.admission.prior()).isEqualTo(prior);
	}

	private void learn(String path) throws Exception {
		assertThat(get(path).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(request(path, null), BodyHandlers.ofString());
	}

	private List<CompletableFuture<HttpResponse<String>>> send(int count, String path) {
		return send(count, path, null);
	}

	private List<CompletableFuture<HttpResponse<String>>> send(int count, String path, String priority) {
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			responses.add(this.http.sendAsync(request(path, priority), BodyHandlers.ofString()));
		}
		return responses;
	}

	private HttpRequest request(String path, String priority) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (priority != null) {
			builder.header("X-Priority", priority);
		}
		return builder.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		MemoryProbe testMemoryProbe() {
			// 10 MB retained of 100 MB, the same collection every time
			return () -> new MemoryReading(10 * MB, 100 * MB, -1, -1, -1, 1, -1);
		}

		@Bean
		TestController testController() {
			return new TestController();
		}

	}

	@RestController
	static class TestController {

		static final ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();

		@GetMapping("/hold")
		String hold(@RequestParam int mb, @RequestParam long millis, @RequestParam(defaultValue = "") String tag)
				throws InterruptedException {
			List<byte[]> held = new ArrayList<>();
			for (int i = 0; i < mb * 16; i++) {
				held.add(new byte[64 * 1024]);
			}
			Thread.sleep(millis);
			Reference.reachabilityFence(held);
			completed.add(tag);
			return "held " + mb + " MB";
		}

		@GetMapping("/work")
		String work() {
			return "done";
		}

		@GetMapping("/never-seen")
		String neverSeen() throws InterruptedException {
			Thread.sleep(20);
			return "new";
		}

	}

}
