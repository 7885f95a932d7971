package io.memguard.data.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.http.HttpServletResponse;

import io.memguard.data.testapp.DataTestApplication;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports still stream with the response compression Memguard turns on: an export that
 * stops half-way until its first rows have reached the client, gzipped, does not wait
 * forever.
 */
@SpringBootTest(classes = { DataTestApplication.class, CompressedExportStreamingTests.GatedExportController.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memguard.data.cursor-secret=0123456789abcdef0123456789abcdef",
				"spring.jpa.hibernate.ddl-auto=none", "spring.flyway.enabled=false" })
class CompressedExportStreamingTests {

	private static final int ROWS = 100_000;

	// ~2 MB of rows before the export stops: what a deflater emits in blocks
	private static final int GATE_ROW = 50_000;

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "ndjson", "csv" })
	void compressedExportReachesTheClientBeforeItEnds(String format) throws Exception {
		GatedExportController.gate = new CountDownLatch(1);
		GatedExportController.rowsWritten.set(0);
		try {
			HttpResponse<InputStream> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.port + "/gated-export?format=" + format))
					.header("Accept-Encoding", "gzip")
					.build(), HttpResponse.BodyHandlers.ofInputStream());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(new GZIPInputStream(response.body()), StandardCharsets.UTF_8));
			String firstLine = CompletableFuture.supplyAsync(() -> readLine(reader)).get(30, TimeUnit.SECONDS);
			assertThat(firstLine).contains("id");
			assertThat(GatedExportController.rowsWritten.get()).as("rows written when the first line arrived")
				.isLessThanOrEqualTo(GATE_ROW);
			GatedExportController.gate.countDown();
			long lines = 1;
			while (readLine(reader) != null) {
				lines++;
			}
			assertThat(lines).isEqualTo(format.equals("csv") ? ROWS + 1 : ROWS);
		}
		finally {
			GatedExportController.gate.countDown();
		}
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@RestController
	static class GatedExportController {

		static final ExportColumns<Integer> COLUMNS = ExportColumns.of(Integer.class)
			.column("id", (row) -> row)
			.column("text", (row) -> "row " + row + " of an export that streams");

		static volatile CountDownLatch gate;

		static final AtomicLong rowsWritten = new AtomicLong();

		private final StreamingExporter exporter;

		GatedExportController(StreamingExporter exporter) {
			this.exporter = exporter;
		}

		@GetMapping("/gated-export")
		void export(@RequestParam String format, HttpServletResponse response) throws IOException {
			this.exporter.export(response, ExportFormat.fromParameter(format), "gated",
					() -> Stream.iterate(1, (row) -> row + 1).limit(ROWS).peek(this::waitAtTheGate), COLUMNS);
		}

		private void waitAtTheGate(int row) {
			if (row == GATE_ROW + 1) {
				try {
					gate.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			rowsWritten.incrementAndGet();
		}

	}

}
