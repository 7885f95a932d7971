package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls {@code /actuator/memory} of a Memguard run every half second while the load runs,
 * to tell what admission did: the budget, what it reserved, how many requests waited, the
 * cost factor and the levels seen. The actuator is exempt from shedding, so the poll
 * answers under the flood.
 */
final class AdmissionWatch implements AutoCloseable {

	private static final RequestSpec MEMORY = RequestSpec.get("/actuator/memory");

	private static final long PERIOD_MILLIS = 500;

	private static final Pattern LEVEL = Pattern.compile("\"level\":\"(\\w+)\"");

	private final HttpConnection connection;

	private final List<Map<String, Double>> samples = new ArrayList<>();

	private final Set<String> levels = new LinkedHashSet<>();

	private final Thread thread;

	private volatile boolean running = true;

	AdmissionWatch(InetSocketAddress address) {
		this.connection = new HttpConnection(address, 5000);
		this.thread = new Thread(this::poll, "admission-watch");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void poll() {
		while (this.running) {
			try {
				HttpConnection.Response response = this.connection.exchange(MEMORY, true);
				if (response.status() == 200) {
					record(response.body());
				}
			}
			catch (IOException | RuntimeException ex) {
				this.connection.close();
			}
			try {
				Thread.sleep(PERIOD_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private synchronized void record(String body) {
		Map<String, Double> sample = new LinkedHashMap<>();
		for (String field : List.of("budgetBytes", "reservedBytes", "waiting", "costFactor", "retainedBytes",
				"heldInFlightBytes")) {
			Matcher number = Pattern.compile("\"" + field + "\":(-?[0-9.E]+)").matcher(body);
			if (number.find()) {
				sample.put(field, Double.valueOf(number.group(1)));
			}
		}
		Matcher level = LEVEL.matcher(body);
		if (level.find()) {
			this.levels.add(level.group(1));
		}
		this.samples.add(sample);
	}

	/**
	 * What the polls saw: the mean of each figure (sizes in MB), the largest cost factor
	 * and the levels.
	 * @return the summary
	 */
	synchronized Map<String, Object> summary() {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("samples", this.samples.size());
		for (String field : List.of("budgetBytes", "reservedBytes", "retainedBytes", "heldInFlightBytes")) {
			summary.put(field.replace("Bytes", "MbMean"), Math.round(mean(field) / (1024 * 1024)));
		}
		summary.put("waitingMean", Math.round(mean("waiting") * 10) / 10.0);
		summary.put("costFactorMax",
				this.samples.stream().mapToDouble((sample) -> sample.getOrDefault("costFactor", 1.0)).max().orElse(1));
		summary.put("levels", new ArrayList<>(this.levels));
		return summary;
	}

	private double mean(String field) {
		return this.samples.stream()
			.filter((sample) -> sample.containsKey(field))
			.mapToDouble((sample) -> sample.get(field))
			.average()
			.orElse(0);
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		this.connection.close();
	}

}
