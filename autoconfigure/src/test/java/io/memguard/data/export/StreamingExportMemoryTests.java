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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.memguard.data.testapp.DataTestApplication;
import io.memguard.data.testapp.TestTables;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.test.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports a million rows from a server JVM limited to a 128 MB heap: the export only
 * completes if rows are streamed, not collected.
 */
class StreamingExportMemoryTests {

	private static final int ROWS = 1_000_000;

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@BeforeAll
	static void createReadings() {
		TestTables.createReadings(postgres.get().unpooledDataSource(), ROWS, 0);
	}

	@Test
	void exportsAMillionRowsFromA128MegabyteHeapWithEveryRowPresent() throws Exception {
		Process server = startServer(postgres.get());
		try {
			int port = awaitPort(server);
			HttpResponse<InputStream> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/readings/export?format=csv"))
					.build(), HttpResponse.BodyHandlers.ofInputStream());
			assertThat(response.statusCode()).isEqualTo(200);
			long rows = 0;
			long idSum = 0;
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				assertThat(reader.readLine()).isEqualTo("id,sensor,value,recorded_at");
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					rows++;
					idSum += Long.parseLong(line, 0, line.indexOf(','), 10);
				}
			}
			assertThat(rows).isEqualTo(ROWS);
			assertThat(idSum).isEqualTo((long) ROWS * (ROWS + 1) / 2);
			assertThat(server.isAlive()).isTrue();
		}
		finally {
			server.destroy();
			if (!server.waitFor(10, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	private static Process startServer(TestDatabase database) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx128m");
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.add("-XX:+UseSerialGC");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(DataTestApplication.class.getName());
		command.add("--server.port=0");
		command.add("--spring.datasource.url=" + database.jdbcUrl());
		command.add("--spring.datasource.username=" + database.username());
		command.add("--spring.datasource.password=" + database.password());
		command.add("--spring.flyway.enabled=false");
		command.add("--spring.jpa.hibernate.ddl-auto=none");
		command.add("--spring.main.banner-mode=off");
		command.add("--memguard.data.cursor-secret=0123456789abcdef0123456789abcdef");
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	/**
	 * Reads the server's output until it names its port, and keeps draining it so the
	 * server never blocks on a full pipe.
	 */
	private static int awaitPort(Process server) throws Exception {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		List<String> lines = new ArrayList<>();
		Thread drain = new Thread(() -> {
			try (BufferedReader reader = server.inputReader()) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					synchronized (lines) {
						lines.add(line);
					}
					if (line.startsWith("LISTENING ON PORT ")) {
						port.complete(Integer.parseInt(line.substring("LISTENING ON PORT ".length())));
					}
				}
			}
			catch (IOException ex) {
				// the server was stopped
			}
			synchronized (lines) {
				port.completeExceptionally(new IllegalStateException("Server exited:\n" + String.join("\n", lines)));
			}
		});
		drain.setDaemon(true);
		drain.start();
		return port.get(120, TimeUnit.SECONDS);
	}

}
