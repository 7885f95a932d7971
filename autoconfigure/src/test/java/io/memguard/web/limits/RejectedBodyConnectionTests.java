package io.memguard.web.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client that stops sending its body costs the server, on a real Tomcat with a
 * single worker thread: after a rejection the thread must not stay pinned waiting for the
 * rest of the body (Tomcat would otherwise drain it, each read waiting up to the
 * connection timeout), and a request whose body trickles in must not keep its concurrency
 * slot.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1",
				"server.tomcat.connection-timeout=60s", "memguard.web.max-body-size=1KB",
				"memguard.web.max-concurrent-requests=1", "memguard.web.admission.enabled=false",
				"memguard.memory.min-dwell=0", "management.endpoints.web.exposure.include=health" })
class RejectedBodyConnectionTests {

	private static final long MB = 1024 * 1024;

	// Far below the 60 s connection timeout a pinned thread would wait for
	private static final Duration BOUND = Duration.ofSeconds(15);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	ConcurrencyLimiter limiter;

	@Autowired
	FixedMemoryProbe probe;

	@Autowired
	MemoryMonitor monitor;

	@AfterEach
	void releaseHeldRequests() {
		DeferredResult<String> held = ConnectionController.held.getAndSet(null);
		if (held != null) {
			held.setResult("released");
		}
		this.probe.usedMb = 10;
		this.monitor.refresh();
	}

	@Test
	void declaredBodyOverTheLimitGets413AndTheThreadIsFreeWhileTheClientStalls() throws Exception {
		try (Socket stalled = stallMidBody("/connection/upload", "Content-Length: 1000000")) {
			assertThat(statusLine(stalled)).isEqualTo("HTTP/1.1 413 ");
			assertTheWorkerThreadIsFree();
		}
	}

	@Test
	void chunkedBodyCutOffAtTheLimitGets413AndTheThreadIsFreeWhileTheClientStalls() throws Exception {
		try (Socket stalled = stallMidBody("/connection/upload", "Transfer-Encoding: chunked")) {
			assertThat(statusLine(stalled)).isEqualTo("HTTP/1.1 413 ");
			assertTheWorkerThreadIsFree();
		}
	}

	@Test
	void requestOverTheConcurrencyCapGets429AndTheThreadIsFreeWhileTheClientStalls() throws Exception {
		CompletableFuture<HttpResponse<String>> holder = this.http
			.sendAsync(HttpRequest.newBuilder(uri("/connection/hold")).build(), BodyHandlers.ofString());
		awaitInFlight(1);
		try (Socket stalled = stallMidBody("/connection/upload", "Content-Length: 1000")) {
			assertThat(statusLine(stalled)).isEqualTo("HTTP/1.1 429 ");
			assertTheWorkerThreadIsFree();
		}
		releaseHeldRequests();
		assertThat(holder.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void requestShedUnderMemoryPressureGets503AndTheThreadIsFreeWhileTheClientStalls() throws Exception {
		this.probe.usedMb = 95;
		this.monitor.refresh();
		try (Socket stalled = stallMidBody("/connection/upload", "Content-Length: 1000")) {
			assertThat(statusLine(stalled)).isEqualTo("HTTP/1.1 503 ");
			this.probe.usedMb = 10;
			this.monitor.refresh();
			assertTheWorkerThreadIsFree();
		}
	}

	/**
	 * Sends the headers and the first bytes of a body, then nothing more.
	 */
	private Socket stallMidBody(String path, String framing) throws IOException {
		Socket socket = new Socket("localhost", this.port);
		socket.setSoTimeout((int) BOUND.toMillis());
		OutputStream out = socket.getOutputStream();
		out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
				+ framing + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		if (framing.contains("chunked")) {
			out.write(("800\r\n" + "x".repeat(0x800) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		else {
			out.write(new byte[100]);
		}
		out.flush();
		return socket;
	}

	private static String statusLine(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
			line.append((char) c);
		}
		return line.toString();
	}

	private void assertTheWorkerThreadIsFree() throws Exception {
		HttpResponse<String> next = this.http
			.send(HttpRequest.newBuilder(uri("/actuator/health")).timeout(BOUND).build(), BodyHandlers.ofString());
		assertThat(next.statusCode()).isEqualTo(200);
	}

	private void awaitInFlight(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.limiter.inFlight() != expected && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.limiter.inFlight()).isEqualTo(expected);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	@Import(ConnectionController.class)
	static class TestApplication {

		@Bean
		FixedMemoryProbe fixedMemoryProbe() {
			return new FixedMemoryProbe();
		}

	}

	static class FixedMemoryProbe implements MemoryProbe {

		volatile long usedMb = 10;

		@Override
		public MemoryReading read() {
			return new MemoryReading(this.usedMb * MB, 100 * MB, -1, -1);
		}

	}

	@RestController
	static class ConnectionController {

		static final AtomicReference<DeferredResult<String>> held = new AtomicReference<>();

		@PostMapping("/connection/upload")
		String upload(HttpServletRequest request) throws IOException {
			return Long.toString(request.getInputStream().transferTo(OutputStream.nullOutputStream()));
		}

		@GetMapping("/connection/hold")
		DeferredResult<String> hold() {
			DeferredResult<String> result = new DeferredResult<>(60_000L);
			held.set(result);
			return result;
		}

	}

}
