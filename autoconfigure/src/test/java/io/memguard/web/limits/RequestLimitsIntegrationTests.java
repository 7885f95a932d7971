package io.memguard.web.limits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.memguard.rejection.ProblemResponses;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request body and concurrency limits on a real Tomcat, over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memguard.web.max-body-size=64KB", "memguard.web.body-size-overrides[/limits/large/**]=256KB",
				"memguard.web.body-size-overrides[/limits/large/strict]=16KB", "memguard.web.max-concurrent-requests=4",
				"memguard.web.max-concurrent-per-client=2", "memguard.web.trusted-proxies=127.0.0.1,::1",
				"memguard.web.body-read-timeout=2s", "memguard.web.admission.enabled=false",
				"management.endpoints.web.exposure.include=health,memory" })
class RequestLimitsIntegrationTests {

	private static final int LIMIT = 64 * 1024;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	ConcurrencyLimiter limiter;

	@Autowired
	MeterRegistry meterRegistry;

	@LocalServerPort
	int port;

	@Test
	void declaredContentLengthOverTheLimitIsRefusedBeforeTheControllerRuns() throws Exception {
		int callsBefore = LimitsController.uploadCalls.get();
		HttpResponse<String> response = send(post("/limits/upload", BodyPublishers.ofByteArray(new byte[LIMIT + 1])));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("body-size");
		assertThat(this.json.readTree(response.body()).get("type").asString()).endsWith("/body-size");
		assertThat(response.headers().firstValue("Connection")).hasValue("close");
		assertThat(LimitsController.uploadCalls.get()).isEqualTo(callsBefore);
	}

	@Test
	void chunkedBodyIsCutOffAtTheLimitAndTheControllerNeverSeesMore() throws Exception {
		int callsBefore = LimitsController.uploadCalls.get();
		HttpResponse<String> response = send(post("/limits/upload", chunked(4 * LIMIT)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("body-size");
		assertThat(LimitsController.uploadCalls.get()).isEqualTo(callsBefore + 1);
		assertThat(LimitsController.lastBytesSeen.get()).isPositive().isLessThanOrEqualTo(LIMIT);
	}

	@Test
	void chunkedBodyBoundToARequestBodyParameterGets413NotA400() throws Exception {
		HttpResponse<String> response = send(post("/limits/text", chunked(2 * LIMIT)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("body-size");
		assertThat(send(post("/limits/text", chunked(LIMIT))).body()).isEqualTo(Integer.toString(LIMIT));
	}

	@Test
	void pathOverrideAllowsALargerBody() throws Exception {
		HttpResponse<String> response = send(post("/limits/large/upload", chunked(3 * LIMIT)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Integer.toString(3 * LIMIT));
		assertThat(send(post("/limits/large/upload", chunked(5 * LIMIT))).statusCode()).isEqualTo(413);
	}

	@Test
	void overrideAppliesHoweverTheClientSpellsThePath() throws Exception {
		// Spring MVC decodes the path and drops path parameters before matching, so all
		// of these reach the same handler and must get the same limit
		for (String path : List.of("/limits/large/strict", "/limits/large/%73trict", "/limits/large;v=1/strict")) {
			HttpResponse<String> response = send(post(path, chunked(32 * 1024)));
			assertThat(response.statusCode()).as(path).isEqualTo(413);
		}
	}

	@Test
	void clientOverItsCapGets429WhileOthersPassUntilTheGlobalCapAndActuatorStillAnswers() throws Exception {
		LimitsController.holdRelease = new CountDownLatch(1);
		try {
			List<CompletableFuture<HttpResponse<String>>> held = List.of(sendAsync(get("/limits/hold", "198.51.100.1")),
					sendAsync(get("/limits/hold", "198.51.100.1")));
			awaitValue(this.limiter::inFlight, 2);
			HttpResponse<String> overClientCap = send(get("/limits/ping", "198.51.100.1"));
			assertThat(overClientCap.statusCode()).isEqualTo(429);
			assertThat(overClientCap.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("client-limit");
			assertThat(overClientCap.headers().firstValue("Retry-After")).isPresent();
			assertThat(send(get("/limits/ping", "198.51.100.2")).statusCode()).isEqualTo(200);

			held = List.of(held.get(0), held.get(1), sendAsync(get("/limits/hold", "198.51.100.2")),
					sendAsync(get("/limits/hold", "198.51.100.3")));
			awaitValue(this.limiter::inFlight, 4);
			assertThat(this.meterRegistry.get("memguard.web.requests.inflight").gauge().value()).isEqualTo(4);
			HttpResponse<String> overGlobalCap = send(get("/limits/ping", "198.51.100.4"));
			assertThat(overGlobalCap.statusCode()).isEqualTo(429);
			assertThat(overGlobalCap.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("concurrency");
			assertThat(send(get("/actuator/health", "198.51.100.1")).statusCode()).isEqualTo(200);

			LimitsController.holdRelease.countDown();
			for (CompletableFuture<HttpResponse<String>> response : held) {
				assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
			awaitValue(this.limiter::inFlight, 0);
			assertThat(this.limiter.clientCount()).isZero();
		}
		finally {
			LimitsController.holdRelease.countDown();
		}
	}

	@Test
	void clientCannotEscapeItsCapWithItsOwnForwardedForLineBeforeTheProxys() throws Exception {
		// HAProxy's option forwardfor appends its own line after the one the client sent
		assertThirdRequestIsOverTheClientCap(new String[] { "203.0.113.1", "198.51.100.8" },
				new String[] { "203.0.113.2", "198.51.100.8" }, new String[] { "203.0.113.3", "198.51.100.8" });
	}

	@Test
	void everySpellingOfOneAddressSharesOneClientCap() throws Exception {
		assertThirdRequestIsOverTheClientCap(new String[] { "2001:db8::9" }, new String[] { "[2001:db8::9]" },
				new String[] { "2001:db8:0:0:0:0:0:9" });
	}

	private void assertThirdRequestIsOverTheClientCap(String[] first, String[] second, String[] third)
			throws Exception {
		LimitsController.holdRelease = new CountDownLatch(1);
		try {
			List<CompletableFuture<HttpResponse<String>>> held = List.of(sendAsync(get("/limits/hold", first)),
					sendAsync(get("/limits/hold", second)));
			awaitValue(this.limiter::inFlight, 2);
			HttpResponse<String> overCap = send(get("/limits/ping", third));
			assertThat(overCap.statusCode()).isEqualTo(429);
			assertThat(overCap.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("client-limit");
			LimitsController.holdRelease.countDown();
			for (CompletableFuture<HttpResponse<String>> response : held) {
				assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
		}
		finally {
			LimitsController.holdRelease.countDown();
		}
	}

	@Test
	void requestWhoseBodyTricklesInGivesItsSlotBackAtTheDeadlineAndGets408() throws Exception {
		long timeoutsBefore = requestsSection().get("rejected").get("body-timeout").asLong();
		try (Socket slow = new Socket("localhost", this.port)) {
			slow.setSoTimeout(30_000);
			OutputStream out = slow.getOutputStream();
			out.write("POST /limits/upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nx"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			awaitValue(this.limiter::inFlight, 1);
			// one byte every 200 ms (slow loris): the whole body would take 200 s
			long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (this.limiter.inFlight() != 0 && System.nanoTime() < giveUp) {
				out.write('x');
				out.flush();
				Thread.sleep(200);
			}
			assertThat(this.limiter.inFlight()).isZero();
			out.write('x');
			out.flush();
			assertThat(new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
				.isEqualTo("HTTP/1.1 408");
		}
		assertThat(requestsSection().get("rejected").get("body-timeout").asLong()).isEqualTo(timeoutsBefore + 1);
	}

	@Test
	void slotIsReleasedAfterTheControllerThrows() throws Exception {
		assertThat(send(get("/limits/fail", "198.51.100.5")).statusCode()).isEqualTo(500);
		awaitValue(this.limiter::inFlight, 0);
		assertThat(this.limiter.clientCount()).isZero();
	}

	@Test
	void asyncRequestHoldsItsSlotUntilItCompletes() throws Exception {
		LimitsController.deferred.set(null);
		CompletableFuture<HttpResponse<String>> response = sendAsync(get("/limits/async", "198.51.100.6"));
		awaitValue(() -> (LimitsController.deferred.get() != null) ? 1 : 0, 1);
		// The request thread has left the filter; the slot must stay taken until
		// completion.
		Thread.sleep(200);
		assertThat(this.limiter.inFlight()).isEqualTo(1);
		LimitsController.deferred.get().setResult("done");
		assertThat(response.get(30, TimeUnit.SECONDS).body()).isEqualTo("done");
		awaitValue(this.limiter::inFlight, 0);
	}

	@Test
	void asyncRequestThatTimesOutReleasesItsSlot() throws Exception {
		assertThat(send(get("/limits/async-timeout", "198.51.100.7")).statusCode()).isEqualTo(503);
		awaitValue(this.limiter::inFlight, 0);
		assertThat(this.limiter.clientCount()).isZero();
	}

	@Test
	void memoryEndpointShowsTheRequestsSection() throws Exception {
		JsonNode before = requestsSection();
		assertThat(send(post("/limits/upload", BodyPublishers.ofByteArray(new byte[LIMIT + 1]))).statusCode())
			.isEqualTo(413);
		JsonNode after = requestsSection();
		assertThat(after.get("inFlight").asInt()).isZero();
		assertThat(after.get("maxConcurrent").asInt()).isEqualTo(4);
		assertThat(after.get("maxConcurrentPerClient").asInt()).isEqualTo(2);
		assertThat(after.get("rejected").propertyNames()).containsExactlyInAnyOrder("memory", "concurrency",
				"client-limit", "body-size", "body-timeout", "database-busy", "database-timeout", "websocket-user",
				"websocket-room", "websocket-global", "websocket-memory");
		assertThat(after.get("rejected").get("body-size").asLong())
			.isEqualTo(before.get("rejected").get("body-size").asLong() + 1);
	}

	private JsonNode requestsSection() throws IOException, InterruptedException {
		HttpResponse<String> response = send(get("/actuator/memory"));
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body()).get("requests");
	}

	private static BodyPublisher chunked(int size) {
		return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[size]));
	}

	private HttpRequest post(String path, BodyPublisher body) {
		return HttpRequest.newBuilder(uri(path)).POST(body).build();
	}

	private HttpRequest get(String path, String... forwardedForLines) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		for (String line : forwardedForLines) {
			request.header("X-Forwarded-For", line);
		}
		return request.build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.client.send(request, BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
		return this.client.sendAsync(request, BodyHandlers.ofString());
	}

	private static void awaitValue(IntSupplier value, int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (value.getAsInt() != expected && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(value.getAsInt()).isEqualTo(expected);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	@Import(LimitsController.class)
	static class TestApplication {

	}

	@RestController
	static class LimitsController {

		static final AtomicInteger uploadCalls = new AtomicInteger();

		static final AtomicLong lastBytesSeen = new AtomicLong();

		static final AtomicReference<DeferredResult<String>> deferred = new AtomicReference<>();

		static volatile CountDownLatch holdRelease = new CountDownLatch(0);

		@PostMapping({ "/limits/upload", "/limits/large/upload", "/limits/large/strict" })
		String upload(HttpServletRequest request) throws IOException {
			uploadCalls.incrementAndGet();
			lastBytesSeen.set(0);
			InputStream body = request.getInputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = body.read(buffer)) != -1) {
				lastBytesSeen.addAndGet(read);
			}
			return Long.toString(lastBytesSeen.get());
		}

		@PostMapping("/limits/text")
		String text(@RequestBody String body) {
			return Integer.toString(body.length());
		}

		@GetMapping("/limits/hold")
		String hold() throws InterruptedException {
			holdRelease.await(30, TimeUnit.SECONDS);
			return "released";
		}

		@GetMapping("/limits/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/limits/fail")
		String fail() {
			throw new IllegalStateException("controller failure");
		}

		@GetMapping("/limits/async")
		DeferredResult<String> async() {
			DeferredResult<String> result = new DeferredResult<>(30_000L);
			deferred.set(result);
			return result;
		}

		@GetMapping("/limits/async-timeout")
		DeferredResult<String> asyncTimeout() {
			return new DeferredResult<>(100L);
		}

	}

}
