package io.memguard.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the measuring tests print latencies.
 */
public final class Latencies {

	private Latencies() {
	}

	/**
	 * The median, 99th percentile and maximum of some latencies.
	 * @param nanos the latencies in nanoseconds
	 * @return {@code median x ms, p99 y ms, max z ms}
	 */
	public static String percentiles(List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		int size = sorted.size();
		return String.format("median %.3f ms, p99 %.3f ms, max %.3f ms", sorted.get(size / 2) / 1e6,
				sorted.get((int) Math.ceil(size * 0.99) - 1) / 1e6, sorted.get(size - 1) / 1e6);
	}

}
