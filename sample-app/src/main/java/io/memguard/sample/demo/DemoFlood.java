package io.memguard.sample.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A flood of {@code GET /demo/allocate} from a bounded number of clients inside the
 * server, for a bounded time, started from the live page so that a newcomer can watch
 * shedding happen. Clients ignore {@code Retry-After}: after a refusal they pause briefly
 * and ask again.
 */
final class DemoFlood {

	private static final Duration PAUSE_AFTER_REFUSAL = Duration.ofMillis(100);

	private final int clients;

	private final Duration duration;

	private final int megabytes;

	private final Instant startedAt = Instant.now();

	private final long endNanos;

	private final LongAdder ok = new LongAdder();

	private final LongAdder refused = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder running = new LongAdder();

	private DemoFlood(int clients, Duration duration, int megabytes) {
		this.clients = clients;
		this.duration = duration;
		this.megabytes = megabytes;
		this.endNanos = System.nanoTime() + duration.toNanos();
	}

	/**
	 * Starts the clients.
	 * @param server the server's own base URI
	 * @param clients how many clients ask at once
	 * @param duration how long they ask
	 * @param megabytes what each request allocates and holds for 1.5 s
	 * @return the running flood
	 */
	static DemoFlood start(URI server, int clients, Duration duration, int megabytes) {
		DemoFlood flood = new DemoFlood(clients, duration, megabytes);
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest request = HttpRequest
			.newBuilder(server.resolve("/demo/allocate?mb=" + megabytes + "&holdMillis=1500"))
			.timeout(Duration.ofSeconds(30))
			.build();
		for (int i = 0; i < clients; i++) {
			flood.running.increment();
			Thread client = new Thread(() -> flood.ask(http, request), "demo-flood-" + i);
			client.setDaemon(true);
			client.start();
		}
		return flood;
	}

	private void ask(HttpClient http, HttpRequest request) {
		try {
			while (System.nanoTime() < this.endNanos) {
				try {
					HttpResponse<Void> response = http.send(request, BodyHandlers.discarding());
					if (response.statusCode() == 200) {
						this.ok.increment();
					}
					else {
						this.refused.increment();
						Thread.sleep(PAUSE_AFTER_REFUSAL.toMillis());
					}
				}
				catch (IOException ex) {
					this.failed.increment();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.running.decrement();
		}
	}

	boolean isRunning() {
		return this.running.sum() > 0;
	}

	Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("running", isRunning());
		description.put("clients", this.clients);
		description.put("seconds", this.duration.toSeconds());
		description.put("megabytesPerRequest", this.megabytes);
		description.put("startedAt", this.startedAt.toString());
		description.put("secondsLeft", Math.max(0, (this.endNanos - System.nanoTime()) / 1_000_000_000));
		description.put("ok", this.ok.sum());
		description.put("refused", this.refused.sum());
		description.put("failed", this.failed.sum());
		return description;
	}

}
