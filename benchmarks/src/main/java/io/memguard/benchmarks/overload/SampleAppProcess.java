package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The sample app in its own JVM on a loopback port, started from
 * {@link OverloadSampleApplication} with the harness's own class path, its output in a
 * log file.
 */
final class SampleAppProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private static final RequestSpec READINESS = RequestSpec.get("/actuator/health/readiness");

	private final Process process;

	private final Path log;

	private final InetSocketAddress address;

	private final HttpConnection probe;

	private SampleAppProcess(Process process, Path log, InetSocketAddress address) {
		this.process = process;
		this.log = log;
		this.address = address;
		this.probe = new HttpConnection(address, 5000);
	}

	/**
	 * Starts the app and waits until readiness is UP.
	 * @param log where its output goes
	 * @param jvmArguments JVM arguments, e.g. {@code -Xmx256m}
	 * @param appArguments application arguments
	 * @return the running app
	 * @throws IOException when it cannot start
	 * @throws InterruptedException when interrupted
	 */
	static SampleAppProcess start(Path log, List<String> jvmArguments, List<String> appArguments)
			throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(OverloadSampleApplication.class.getName());
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		command.add("--spring.main.banner-mode=off");
		command.addAll(appArguments);
		Files.createDirectories(log.toAbsolutePath().getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		SampleAppProcess app = new SampleAppProcess(process, log, new InetSocketAddress("127.0.0.1", port));
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (!app.isReady()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				app.close();
				throw new IllegalStateException("The sample app did not start (exit code "
						+ (process.isAlive() ? "none" : process.exitValue()) + "), see " + log.toAbsolutePath());
			}
			Thread.sleep(200);
		}
		return app;
	}

	InetSocketAddress address() {
		return this.address;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Integer exitCode() {
		return this.process.isAlive() ? null : this.process.exitValue();
	}

	/**
	 * Whether {@code /actuator/health/readiness} answers UP now.
	 * @return whether the app is ready
	 */
	boolean isReady() {
		HttpConnection.Response response = send(READINESS);
		return response != null && response.status() == 200 && response.body().contains("\"UP\"");
	}

	/**
	 * Whether the app answers the request with a 2xx status now.
	 * @param request the request
	 * @return whether it succeeded
	 */
	boolean answers(RequestSpec request) {
		HttpConnection.Response response = send(request);
		return response != null && Outcomes.isSuccess(response.status());
	}

	private HttpConnection.Response send(RequestSpec request) {
		try {
			return this.probe.exchange(request, true);
		}
		catch (IOException | RuntimeException ex) {
			this.probe.close();
			return null;
		}
	}

	/**
	 * Waits until readiness is UP and a normal request succeeds.
	 * @param normal the normal request
	 * @param limit how long to wait at most
	 * @return how long it took, or null when it did not recover in time
	 * @throws InterruptedException when interrupted
	 */
	Long awaitRecovery(RequestSpec normal, Duration limit) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + limit.toNanos();
		while (System.nanoTime() < deadline && isAlive()) {
			if (isReady() && answers(normal)) {
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			}
			Thread.sleep(100);
		}
		return null;
	}

	/**
	 * The CPU time the app's process has used so far.
	 * @return the CPU time, zero when the platform does not tell
	 */
	Duration cpuTime() {
		return this.process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * Counts the lines of the app's log that mention {@code OutOfMemoryError}.
	 * @return the count
	 */
	long outOfMemoryErrorLines() {
		try (Stream<String> lines = Files.lines(this.log, StandardCharsets.ISO_8859_1)) {
			return lines.filter((line) -> line.contains("OutOfMemoryError")).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.probe.close();
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
