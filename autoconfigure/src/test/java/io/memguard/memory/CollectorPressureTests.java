package io.memguard.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a forked JVM with a 64 MB heap into memory pressure and out again under each
 * collector, with the real {@link JvmMemoryProbe} and GC notifications.
 */
class CollectorPressureTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseSerialGC", "-XX:+UseZGC" })
	void levelReachesCriticalUnderRetainedAllocationsAndReturnsToNormalOnceReleased(String collector)
			throws IOException, InterruptedException {
		assertCriticalThenNormal(collector);
	}

	/**
	 * Serial and Parallel cap the old generation at about two thirds of the heap: with it
	 * full of live data the live heap is still well below the default critical threshold
	 * (about 0.8), so the old generation's own fill must raise the level.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "-XX:+UseParallelGC", "-XX:+UseSerialGC" })
	void fullFixedSizeOldGenerationReachesCriticalWithDefaultThresholds(String collector)
			throws IOException, InterruptedException {
		assertCriticalThenNormal(collector, "0.75", "0.90", "0.66");
	}

	private void assertCriticalThenNormal(String collector, String... thresholdsAndRetainedFraction)
			throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", collector, "-XX:TieredStopAtLevel=1", "-cp",
				testClassPath(), CollectorPressureMain.class.getName()));
		command.addAll(List.of(thresholdsAndRetainedFraction));
		Path log = Files.createTempFile("memguard-collector", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean exited = process.waitFor(60, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly().waitFor();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		assertThat(exited).as(output).isTrue();
		List<String> lines = output.lines().toList();
		int critical = indexOf(lines, "-> CRITICAL");
		int normal = lastIndexOf(lines, "-> NORMAL");
		assertThat(critical).as(output).isNotNegative();
		assertThat(normal).as(output).isGreaterThan(critical);
		assertThat(output).contains("RESULT critical=true normal=true");
	}

	private static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndexOf(List<String> lines, String text) {
		for (int i = lines.size() - 1; i >= 0; i--) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	private static String testClassPath() {
		// Surefire may start tests from a manifest-only jar; this property has the real
		// path
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

}
