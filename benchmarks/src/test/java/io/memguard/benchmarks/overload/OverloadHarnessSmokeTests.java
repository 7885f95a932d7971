package io.memguard.benchmarks.overload;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the overload harness, so that it cannot rot: the mixed scenario for a
 * few seconds under all four configurations (one {@code threads.max} value, no search),
 * on a sample seeded with few bookings. It proves that every configuration starts, is
 * driven and answers, that Memguard recovers and that the reports are written; the
 * figures of such a short run mean nothing.
 */
class OverloadHarnessSmokeTests {

	@Test
	void aShortRunOfTheMixedScenarioReportsWhatEachConfigurationServed(@TempDir Path out) throws Exception {
		HarnessOptions options = HarnessOptions.parse("--scenario=mixed", "--config=all", "--gc=g1", "--duration=2s",
				"--threads=6", "--out=" + out, "--arg:all=--sample.seed.bookings=1000",
				// C1 only: the apps start faster, and a smoke run measures nothing
				"--jvm-arg=-XX:TieredStopAtLevel=1");
		new OverloadHarness(options).run();
		JsonNode report = JsonMapper.shared().readTree(out.resolve("overload-report.json").toFile());
		JsonNode runs = report.at("/scenarios/0/runs");
		assertThat(runs.valueStream().map((run) -> run.get("configuration").asString())).containsExactly("unprotected",
				"tuned-threads", "gradient2", "memguard");
		for (JsonNode run : runs) {
			String configuration = run.get("configuration").asString();
			assertThat(run.get("processDied").asBoolean()).as(configuration).isFalse();
			// an unprotected app may not come back after its OutOfMemoryErrors: that is a
			// result
			assertThat(run.get("recoveryMillis").isNumber() || run.get("recoveryMillis").isNull()).as(configuration)
				.isTrue();
			assertThat(run.get("elapsedSeconds").asDouble()).as(configuration).isBetween(2.0, 120.0);
			assertThat(run.get("classes").valueStream().map((result) -> result.get("name").asString()))
				.as(configuration)
				.containsExactly("cheap", "heavy");
			for (JsonNode result : run.get("classes")) {
				assertThat(result.get("answers").asLong()).as(configuration).isPositive();
				assertThat(sum(result.get("statusCounts"))).as(configuration).isEqualTo(result.get("answers").asLong());
			}
		}
		// the cheap class is served with and without protection
		assertThat(classOf(runs, "unprotected", "cheap").get("ok").asLong()).isPositive();
		assertThat(classOf(runs, "memguard", "cheap").get("ok").asLong()).isPositive();
		assertThat(classOf(runs, "memguard", "cheap").get("p99Millis").isNumber()).isTrue();
		assertThat(runs.get(3).get("recoveryMillis").isNumber()).as("memguard recovers").isTrue();
		assertThat(runs.get(1).get("threads").asInt()).isEqualTo(6);
		assertThat(runs.get(1).get("appArguments").valueStream().map(JsonNode::asString))
			.contains("--server.tomcat.threads.max=6", "--sample.seed.bookings=1000");
		String markdown = Files.readString(out.resolve("overload-report.md"));
		assertThat(markdown).contains("## mixed, g1", "| tuned-threads (6) | cheap |", "| memguard | cheap |");
		assertThat(Files.list(out.resolve("logs")).map((log) -> log.getFileName().toString()).toList()).hasSize(4)
			.contains("mixed-g1-gradient2.log");
	}

	private static long sum(JsonNode counts) {
		return counts.valueStream().mapToLong(JsonNode::asLong).sum();
	}

	private static JsonNode classOf(JsonNode runs, String configuration, String name) {
		for (JsonNode run : runs) {
			if (run.get("configuration").asString().equals(configuration)) {
				for (JsonNode result : run.get("classes")) {
					if (result.get("name").asString().equals(name)) {
						return result;
					}
				}
			}
		}
		throw new AssertionError("No class " + name + " for " + configuration);
	}

}
