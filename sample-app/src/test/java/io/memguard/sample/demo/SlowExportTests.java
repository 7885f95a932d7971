package io.memguard.sample.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app in a forked JVM at {@code -Xmx256m} while one client reads the 100
 * 000-row export slowly. Requests wait up to 20 s for room here (5 s by default), so that
 * a build machine under load cannot turn a slow collection into a refusal: what is tested
 * is that the others get in while the export is still being read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowExportTests {

	private static final Path LOG = Path.of("target", "slow-export-test-app.log");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ForkedSampleApp app;

	@BeforeAll
	void startSampleApp() throws Exception {
		this.app = ForkedSampleApp.start(LOG, List.of("-Xmx256m"), List.of("--memguard.web.admission.max-wait=20s"));
	}

	@AfterAll
	void stopSampleApp() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void aSlowExportDoesNotKeepOtherRequestsOut() throws Exception {
		// teaches the export route what it allocates: far more than it holds
		assertThat(this.app.get("/api/bookings/export?format=ndjson").statusCode()).isEqualTo(200);
		HttpResponse<InputStream> export = this.http.send(
				HttpRequest.newBuilder(this.app.uri("/api/bookings/export?format=ndjson")).build(),
				BodyHandlers.ofInputStream());
		assertThat(export.statusCode()).isEqualTo(200);
		try (InputStream slowly = export.body()) {
			Thread reader = new Thread(() -> readSlowly(slowly, Duration.ofSeconds(15)), "slow-export-reader");
			reader.start();
			List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				others.add(getLater("/demo/allocate?mb=10&holdMillis=200"));
				others.add(getLater("/api/bookings?page=1"));
			}
			for (CompletableFuture<HttpResponse<String>> other : others) {
				HttpResponse<String> response = other.get(60, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(() -> response.uri() + " answered " + response.body())
					.isEqualTo(200);
			}
			assertThat(reader.isAlive()).as("the export is still being read").isTrue();
			reader.interrupt();
			reader.join(10_000);
		}
	}

	private static void readSlowly(InputStream body, Duration duration) {
		byte[] buffer = new byte[4096];
		long end = System.nanoTime() + duration.toNanos();
		try {
			while (System.nanoTime() < end && body.read(buffer) >= 0) {
				Thread.sleep(100);
			}
		}
		catch (IOException | InterruptedException ex) {
			// the test is over
		}
	}

	private CompletableFuture<HttpResponse<String>> getLater(String path) {
		return this.http.sendAsync(HttpRequest.newBuilder(this.app.uri(path)).build(), BodyHandlers.ofString());
	}

}
