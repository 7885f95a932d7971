package io.memguard.benchmarks.overload;

import java.util.Arrays;

/**
 * What one client saw, one entry per answer (or failure), in growable primitive arrays so
 * that recording costs the driver next to nothing.
 */
final class Samples {

	private int[] startMicros = new int[1024];

	private int[] latencyMicros = new int[1024];

	private int[] outcomes = new int[1024];

	private int size;

	private long finishedNanos;

	void add(long startMicros, long latencyMicros, int outcome) {
		if (this.size == this.outcomes.length) {
			int capacity = this.size * 2;
			this.startMicros = Arrays.copyOf(this.startMicros, capacity);
			this.latencyMicros = Arrays.copyOf(this.latencyMicros, capacity);
			this.outcomes = Arrays.copyOf(this.outcomes, capacity);
		}
		this.startMicros[this.size] = (int) Math.min(Integer.MAX_VALUE, startMicros);
		this.latencyMicros[this.size] = (int) Math.min(Integer.MAX_VALUE, latencyMicros);
		this.outcomes[this.size] = outcome;
		this.size++;
	}

	int size() {
		return this.size;
	}

	int startMicros(int index) {
		return this.startMicros[index];
	}

	int latencyMicros(int index) {
		return this.latencyMicros[index];
	}

	/**
	 * The status code, or a negative {@link Outcomes failure code}.
	 * @param index which answer
	 * @return the outcome
	 */
	int outcome(int index) {
		return this.outcomes[index];
	}

	void finished(long nanos) {
		this.finishedNanos = nanos;
	}

	long finishedNanos() {
		return this.finishedNanos;
	}

}
