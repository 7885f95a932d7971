package io.memguard.benchmarks.overload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one request class got in one run.
 *
 * @param name the class
 * @param request what its clients asked
 * @param clients how many clients asked at once
 * @param statusCounts answers by status code, and failures by kind (timeout, refused,
 * closed, reset)
 * @param answers every answer and failure
 * @param ok answers with a 2xx status
 * @param goodput 2xx answers per second of the class's active time (until its last client
 * finished)
 * @param successRatio the share of answers that were 2xx
 * @param p50Millis the median latency of 2xx answers, null without any
 * @param p99Millis the 99th percentile latency of 2xx answers, null without any
 * @param maxMillis the longest latency of a 2xx answer, null without any
 * @param okPerSecond 2xx answers completed in each second from the start of the run
 */
record ClassResult(String name, String request, int clients, Map<String, Long> statusCounts, long answers, long ok,
		double goodput, double successRatio, Double p50Millis, Double p99Millis, Double maxMillis,
		List<Integer> okPerSecond) {

	/**
	 * Sums up the answers to requests sent between two times.
	 * @param name the name in reports
	 * @param requestClass the class
	 * @param samples its clients' samples
	 * @param fromMicros the start of the window, from the start of the run
	 * @param toMicros the end of the window
	 * @param seconds the time to divide 2xx answers by
	 * @return the result
	 */
	static ClassResult of(String name, RequestClass requestClass, List<Samples> samples, long fromMicros, long toMicros,
			double seconds) {
		Map<String, Long> counts = new TreeMap<>();
		long answers = 0;
		int[] okLatencies = new int[16];
		int ok = 0;
		List<Integer> okPerSecond = new ArrayList<>();
		for (Samples client : samples) {
			for (int i = 0; i < client.size(); i++) {
				int start = client.startMicros(i);
				if (start < fromMicros || start >= toMicros) {
					continue;
				}
				int outcome = client.outcome(i);
				answers++;
				counts.merge(Outcomes.name(outcome), 1L, Long::sum);
				if (Outcomes.isSuccess(outcome)) {
					if (ok == okLatencies.length) {
						okLatencies = Arrays.copyOf(okLatencies, ok * 2);
					}
					okLatencies[ok++] = client.latencyMicros(i);
					int second = (int) ((start + (long) client.latencyMicros(i)) / 1_000_000);
					while (okPerSecond.size() <= second) {
						okPerSecond.add(0);
					}
					okPerSecond.set(second, okPerSecond.get(second) + 1);
				}
			}
		}
		Arrays.sort(okLatencies, 0, ok);
		return new ClassResult(name, requestClass.request().describe(), requestClass.clients(), counts, answers, ok,
				(seconds > 0) ? ok / seconds : 0, (answers > 0) ? (double) ok / answers : 0,
				percentileMillis(okLatencies, ok, 0.50), percentileMillis(okLatencies, ok, 0.99),
				(ok > 0) ? okLatencies[ok - 1] / 1000.0 : null, okPerSecond);
	}

	private static Double percentileMillis(int[] sorted, int size, double quantile) {
		if (size == 0) {
			return null;
		}
		int index = (int) Math.ceil(quantile * size) - 1;
		return sorted[Math.max(0, Math.min(size - 1, index))] / 1000.0;
	}

	/**
	 * Answers that were neither 2xx nor the given status, for reports.
	 * @param except the status shown in its own column
	 * @return e.g. {@code 51 × 500, 3 × timeout}
	 */
	String otherAnswers(String except) {
		StringBuilder other = new StringBuilder();
		this.statusCounts.forEach((status, count) -> {
			if (!status.startsWith("2") && !status.equals(except)) {
				other.append((other.length() > 0) ? ", " : "").append(count).append(" × ").append(status);
			}
		});
		return (other.length() > 0) ? other.toString() : "0";
	}

	long count(String status) {
		return this.statusCounts.getOrDefault(status, 0L);
	}

}
