package io.memguard.benchmarks.memory;

import java.util.ArrayList;
import java.util.List;

import io.memguard.memory.JvmMemoryProbe;
import io.memguard.memory.MemoryReading;

/**
 * Measures how early each part of the memory signal warns before
 * {@link OutOfMemoryError}: retains 64 KB arrays (with some garbage in between, like
 * request work) until the heap is exhausted, and reports how much was retained when the
 * live heap ratio and the old generation's fill first crossed the threshold, and at the
 * error. Run it once per collector: {@code java -Xmx512m -XX:+UseParallelGC ...}.
 */
public final class SignalBeforeOutOfMemory {

	private static final int CHUNK = 64 * 1024;

	static volatile byte[] sink;

	private SignalBeforeOutOfMemory() {
	}

	public static void main(String[] args) {
		double threshold = (args.length > 0) ? Double.parseDouble(args[0]) : 0.90;
		JvmMemoryProbe probe = new JvmMemoryProbe();
		List<byte[]> retained = new ArrayList<>();
		long liveCrossedAt = -1;
		long oldGenerationCrossedAt = -1;
		try {
			while (true) {
				retained.add(new byte[CHUNK]);
				for (int i = 0; i < 4; i++) {
					sink = new byte[CHUNK];
				}
				if (retained.size() % 4 == 0) {
					MemoryReading reading = probe.read();
					if (liveCrossedAt < 0 && reading.liveRatio() >= threshold) {
						liveCrossedAt = retained.size();
					}
					if (oldGenerationCrossedAt < 0 && reading.oldGenerationRatio() >= threshold) {
						oldGenerationCrossedAt = retained.size();
					}
				}
			}
		}
		catch (OutOfMemoryError ex) {
			long atError = retained.size();
			retained = null;
			System.out.printf(
					"OutOfMemoryError at %d MB retained; live heap >= %.2f at %s; old generation >= %.2f at %s%n",
					megabytes(atError), threshold, describe(liveCrossedAt), threshold,
					describe(oldGenerationCrossedAt));
		}
	}

	private static long megabytes(long chunks) {
		return chunks * CHUNK / (1024 * 1024);
	}

	private static String describe(long chunks) {
		return (chunks < 0) ? "never" : megabytes(chunks) + " MB";
	}

}
