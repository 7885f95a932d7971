package io.memguard.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.memguard.memory.JvmMemoryProbe;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;
import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.web.admission.MemoryAdmission;

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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the {@link MemoryProtectionFilter} on a real Tomcat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memguard.web.shed.low-priority-paths=/reports/**",
				"management.endpoints.web.exposure.include=health,info", "memguard.memory.min-dwell=0" })
class MemoryProtectionIntegrationTests {

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
	private TestMemoryProbe probe;

	@Autowired
	private MemoryMonitor monitor;

	@Autowired
	private MemoryAdmission admission;

	@Autowired
	private RequestRejections rejections;

	@BeforeEach
	@AfterEach
	void normalPressure() {
		this.probe.fix(10, 100);
		this.monitor.refresh();
		this.monitor.refresh();
		assertThat(this.monitor.level()).isEqualTo(MemoryPressureLevel.NORMAL);
	}

	@Test
	void shedsWithOverloadProblemAtCritical() throws Exception {
		this.probe.fix(95, 100);
		this.monitor.refresh();
		long rejectedBefore = this.rejections.count(RejectionReason.MEMORY);
		HttpResponse<String> response = get("/work");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValueAsLong("Retry-After").orElseThrow()).isBetween(5L, 8L);
		assertThat(response.headers().firstValue("Connection")).hasValue("close");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("memory");
		assertThat(response.body()).contains("\"type\":\"https://memguard.io/problems/memory\"")
			.contains("\"status\":503");
		assertThat(this.rejections.count(RejectionReason.MEMORY)).isEqualTo(rejectedBefore + 1);
	}

	@Test
	void letsExemptPathsPassAtCritical() throws Exception {
		this.probe.fix(95, 100);
		this.monitor.refresh();
		HttpResponse<String> response = get("/actuator/info");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).isEmpty();
	}

	@Test
	void shedsOnlyLowPriorityPathsAtWarning() throws Exception {
		this.probe.fix(80, 100);
		this.monitor.refresh();
		assertThat(this.monitor.level()).isEqualTo(MemoryPressureLevel.WARNING);
		assertThat(get("/reports/daily").statusCode()).isEqualTo(503);
		assertThat(get("/work").statusCode()).isEqualTo(200);
	}

	@Test
	void answers503AndGoesCriticalWhenTheChainRunsOutOfMemory() throws Exception {
		HttpResponse<String> response = get("/oom");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("memory");
		assertThat(this.monitor.level()).isEqualTo(MemoryPressureLevel.CRITICAL);
	}

	@Test
	void releasesAnAsyncRequestsAdmissionWhenItCompletes() throws Exception {
		get("/work");
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(request("/async"),
				BodyHandlers.ofString());
		DeferredResult<String> result = TestController.pending.poll(30, TimeUnit.SECONDS);
		assertThat(result).isNotNull();
		// the handler has returned: a release at the end of doFilter would show here
		Thread.sleep(200);
		assertThat(this.admission.reservedBytes()).isPositive();
		result.setResult("done");
		assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().until(() -> this.admission.reservedBytes() == 0);
		assertThat(this.admission.route("/async").inFlight()).isZero();
	}

	@Test
	void shedsWhileAllocationsReallyHoldTheHeapAndRecoversOnceTheyAreReleased() throws Exception {
		System.gc();
		long liveSet = new JvmMemoryProbe().read().heapUsedAfterGc();
		// the real live set after GC, measured against a 256 MB heap on top of it
		this.probe.measureRealHeap(liveSet + 256 * MB);
		this.monitor.refresh();
		assertThat(get("/work").statusCode()).isEqualTo(200);
		List<byte[]> held = new ArrayList<>();
		for (int i = 0; i < 256; i++) {
			held.add(new byte[(int) MB]);
		}
		System.gc();
		this.monitor.refresh();
		assertThat(this.monitor.level()).isEqualTo(MemoryPressureLevel.CRITICAL);
		assertThat(get("/work").statusCode()).isEqualTo(503);
		assertThat(held).hasSize(256);
		held = null;
		System.gc();
		this.monitor.refresh();
		// a large live set of cached test contexts may leave it at WARNING, which sheds
		// nothing here
		assertThat(this.monitor.level()).isNotEqualTo(MemoryPressureLevel.CRITICAL);
		assertThat(get("/work").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(request(path), BodyHandlers.ofString());
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		TestMemoryProbe testMemoryProbe() {
			return new TestMemoryProbe();
		}

		@Bean
		TestController testController() {
			return new TestController();
		}

	}

	@RestController
	static class TestController {

		static final BlockingQueue<DeferredResult<String>> pending = new LinkedBlockingQueue<>();

		@GetMapping("/work")
		String work() {
			return "done";
		}

		@GetMapping("/reports/daily")
		String report() {
			return "report";
		}

		@GetMapping("/oom")
		String outOfMemory() {
			throw new OutOfMemoryError("Simulated by the test");
		}

		@GetMapping("/async")
		DeferredResult<String> async() {
			DeferredResult<String> result = new DeferredResult<>();
			pending.add(result);
			return result;
		}

	}

	/**
	 * Fixed readings, or the real live set against a chosen maximum heap.
	 */
	static class TestMemoryProbe implements MemoryProbe {

		private final JvmMemoryProbe jvm = new JvmMemoryProbe();

		private volatile MemoryReading fixed;

		private volatile long heapMax;

		void fix(long usedAfterGcMb, long heapMaxMb) {
			this.fixed = new MemoryReading(usedAfterGcMb * MB, heapMaxMb * MB, -1, -1);
		}

		void measureRealHeap(long heapMax) {
			this.heapMax = heapMax;
			this.fixed = null;
		}

		@Override
		public MemoryReading read() {
			MemoryReading fixed = this.fixed;
			return (fixed != null) ? fixed : new MemoryReading(this.jvm.read().heapUsedAfterGc(), this.heapMax, -1, -1);
		}

	}

}
