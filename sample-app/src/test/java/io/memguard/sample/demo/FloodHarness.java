package io.memguard.sample.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Floods one URI from many clients for a fixed time and counts the answers. Clients do
 * not honour {@code Retry-After}: after a rejection they pause briefly and ask again, to
 * keep the pressure on.
 * <p>
 * Runnable by hand against a forked sample app, e.g. to compare with protection off:
 * {@code java -cp <sample-app test classpath> io.memguard.sample.demo.FloodHarness --memguard.enabled=false}.
 */
final class FloodHarness {

	private static final Duration PAUSE_AFTER_REJECTION = Duration.ofMillis(100);

	private FloodHarness() {
	}

	/**
	 * Runs the flood.
	 * @param uri the URI every client asks
	 * @param clients how many clients ask at once
	 * @param duration how long they ask
	 * @return the counts
	 * @throws InterruptedException when interrupted
	 */
	static Result flood(URI uri, int clients, Duration duration) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build();
		LongAdder ok = new LongAdder();
		LongAdder rejected = new LongAdder();
		Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < end) {
					try {
						HttpResponse<Void> response = http.send(request, BodyHandlers.discarding());
						if (response.statusCode() == 200) {
							ok.increment();
						}
						else if (response.statusCode() == 503
								&& response.headers().firstValue("Retry-After").isPresent()) {
							rejected.increment();
							Thread.sleep(PAUSE_AFTER_REJECTION.toMillis());
						}
						else {
							count(unexpected, "status " + response.statusCode());
						}
					}
					catch (IOException ex) {
						count(unexpected, ex.getClass().getSimpleName());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}, "flood-client-" + i);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Map<String, Integer> others = new ConcurrentHashMap<>();
		unexpected.forEach((key, count) -> others.put(key, count.get()));
		return new Result(ok.intValue(), rejected.intValue(), others, Duration.ofNanos(System.nanoTime() - start));
	}

	private static void count(Map<String, AtomicInteger> counts, String key) {
		counts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Starts the sample app at {@code -Xmx256m} (plus the JVM arguments in the
	 * {@code flood.jvm} system property, comma-separated) with the given application
	 * arguments, floods it as the flood test does and prints the counts.
	 * @param args application arguments, e.g. {@code --memguard.enabled=false}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Path log = Path.of("target", "flood-by-hand.log");
		List<String> jvmArguments = new ArrayList<>(List.of("-Xmx256m"));
		String extra = System.getProperty("flood.jvm", "");
		if (!extra.isBlank()) {
			jvmArguments.addAll(List.of(extra.split(",")));
		}
		try (ForkedSampleApp app = ForkedSampleApp.start(log, jvmArguments, List.of(args))) {
			Result result = flood(app.uri("/demo/allocate?mb=24&holdMillis=1500"), 24, Duration.ofSeconds(25));
			System.out.println(result);
			System.out.println("alive=" + app.isAlive() + ", OutOfMemoryError lines in log="
					+ app.log().lines().filter((line) -> line.contains("java.lang.OutOfMemoryError")).count() + " ("
					+ log.toAbsolutePath() + ")");
		}
	}

	/**
	 * Counts of one flood.
	 *
	 * @param ok answers with status 200
	 * @param rejected answers with status 503 and a {@code Retry-After}
	 * @param unexpected anything else, by status or exception
	 * @param elapsed how long the flood took
	 */
	record Result(int ok, int rejected, Map<String, Integer> unexpected, Duration elapsed) {

		double requestsPerSecond() {
			return (this.ok + this.rejected) * 1000.0 / this.elapsed.toMillis();
		}

		double completedPerSecond() {
			return this.ok * 1000.0 / this.elapsed.toMillis();
		}

		@Override
		public String toString() {
			return String.format(
					"200: %d, 503 with Retry-After: %d, unexpected: %s, %.1f s, %.1f answers/s, %.2f 200s/s", this.ok,
					this.rejected, this.unexpected, this.elapsed.toMillis() / 1000.0, requestsPerSecond(),
					completedPerSecond());
		}

	}

}
