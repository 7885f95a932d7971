package io.memguard.sample.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.memguard.sample.SampleApplication;

import static org.awaitility.Awaitility.await;

/**
 * The sample app in its own JVM on a loopback port, its output in a log file.
 */
final class ForkedSampleApp implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final Process process;

	private final Path log;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ForkedSampleApp(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts the app and waits until its readiness probe answers.
	 * @param log where the app's output goes
	 * @param jvmArguments extra JVM arguments, e.g. {@code -Xmx256m}
	 * @param appArguments extra application arguments, e.g.
	 * {@code --memguard.enabled=false}
	 * @return the running app
	 * @throws Exception when it does not start
	 */
	static ForkedSampleApp start(Path log, List<String> jvmArguments, List<String> appArguments) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(SampleApplication.class.getName());
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		command.add("--spring.main.banner-mode=off");
		command.addAll(appArguments);
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ForkedSampleApp app = new ForkedSampleApp(process, log, port);
		try {
			app.awaitReady(STARTUP_TIMEOUT);
		}
		catch (Exception ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	/**
	 * Polls readiness until it is UP.
	 * @param timeout how long to wait
	 * @throws IllegalStateException when the process died
	 */
	void awaitReady(Duration timeout) {
		await("sample app readiness").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Sample app exited with " + this.process.exitValue() + ":\n" + log());
			}
			return isReady();
		});
	}

	/**
	 * Sends a GET to the app.
	 * @param path the path and query
	 * @return the response
	 * @throws Exception when it cannot be sent
	 */
	HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
	}

	/**
	 * Whether readiness is UP now.
	 * @return whether {@code /actuator/health/readiness} answers UP
	 * @throws InterruptedException when interrupted
	 */
	boolean isReady() throws InterruptedException {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
					BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(20, TimeUnit.SECONDS);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
