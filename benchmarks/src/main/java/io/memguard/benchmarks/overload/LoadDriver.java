package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives a scenario's request classes for a fixed time, one platform thread per client. A
 * client asks again as soon as it has an answer; after a {@code 503} or {@code 429} it
 * waits the configured retry pause (0 by default, ignoring {@code Retry-After}, like a
 * naive client that keeps the pressure on); after a connection failure it waits 100 ms.
 * Every answer is recorded.
 */
final class LoadDriver {

	private static final long PAUSE_AFTER_FAILURE_MILLIS = 100;

	private final InetSocketAddress address;

	private final Duration retryPause;

	private final Duration requestTimeout;

	LoadDriver(InetSocketAddress address, Duration retryPause, Duration requestTimeout) {
		this.address = address;
		this.retryPause = retryPause;
		this.requestTimeout = requestTimeout;
	}

	/**
	 * Runs the clients and waits for the last answer.
	 * @param classes the request classes
	 * @param duration how long clients ask
	 * @param start when they start asking, in {@link System#nanoTime()}, a little ahead
	 * so that all threads are ready
	 * @return what they saw
	 * @throws InterruptedException when interrupted
	 */
	Recording drive(List<RequestClass> classes, Duration duration, long start) throws InterruptedException {
		Map<RequestClass, List<Samples>> samples = new LinkedHashMap<>();
		List<Thread> threads = new ArrayList<>();
		List<HttpConnection> connections = new ArrayList<>();
		for (RequestClass requestClass : classes) {
			List<Samples> perClient = new ArrayList<>();
			samples.put(requestClass, perClient);
			long from = start + (long) (requestClass.activeFrom() * duration.toNanos());
			long to = start + (long) (requestClass.activeTo() * duration.toNanos());
			for (int i = 0; i < requestClass.clients(); i++) {
				Samples clientSamples = new Samples();
				HttpConnection connection = new HttpConnection(this.address, (int) this.requestTimeout.toMillis());
				perClient.add(clientSamples);
				connections.add(connection);
				Thread thread = new Thread(
						() -> runClient(connection, requestClass.request(), start, from, to, clientSamples),
						"client-" + requestClass.name() + "-" + i);
				thread.setDaemon(true);
				threads.add(thread);
			}
		}
		threads.forEach(Thread::start);
		long drainDeadline = start + duration.toNanos() + this.requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
		for (Thread thread : threads) {
			thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(drainDeadline - System.nanoTime())));
		}
		// a client still stuck past every timeout is cut off
		connections.forEach(HttpConnection::close);
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		return new Recording(samples, start, duration);
	}

	private void runClient(HttpConnection connection, RequestSpec request, long start, long from, long to,
			Samples samples) {
		try {
			sleepUntil(from);
			while (System.nanoTime() < to) {
				long sent = System.nanoTime();
				int outcome;
				try {
					outcome = connection.exchange(request, false).status();
				}
				catch (IOException ex) {
					connection.close();
					outcome = Outcomes.of(ex);
				}
				long answered = System.nanoTime();
				samples.add((sent - start) / 1000, (answered - sent) / 1000, outcome);
				if (outcome < 0) {
					Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
				}
				else if ((outcome == 503 || outcome == 429) && !this.retryPause.isZero()) {
					Thread.sleep(this.retryPause.toMillis());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			connection.close();
			samples.finished(System.nanoTime());
		}
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long wait = nanos - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	/**
	 * What the clients of one drive saw.
	 *
	 * @param samples per request class, one {@link Samples} per client
	 * @param startNanos when the clients started
	 * @param duration how long they asked
	 */
	record Recording(Map<RequestClass, List<Samples>> samples, long startNanos, Duration duration) {

		/**
		 * When the last client got its last answer.
		 * @return the nano time
		 */
		long lastAnswerNanos() {
			return this.samples.values()
				.stream()
				.flatMap(List::stream)
				.mapToLong(Samples::finishedNanos)
				.max()
				.orElse(this.startNanos);
		}

	}

}
