package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.memguard.benchmarks.overload.OverloadReport.RunResult;
import io.memguard.benchmarks.overload.OverloadReport.ScenarioResult;
import io.memguard.benchmarks.overload.OverloadReport.SearchPoint;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a report as markdown (tables ready for BENCHMARKS.md) and as JSON (everything,
 * including 2xx per second).
 */
final class ReportWriter {

	static final String MARKDOWN = "overload-report.md";

	static final String JSON = "overload-report.json";

	private static final JsonMapper JSON_MAPPER = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.build();

	private ReportWriter() {
	}

	static void write(OverloadReport report, Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve(JSON), JSON_MAPPER.writeValueAsString(report), StandardCharsets.UTF_8);
		Files.writeString(directory.resolve(MARKDOWN), markdown(report), StandardCharsets.UTF_8);
	}

	static String markdown(OverloadReport report) {
		StringBuilder md = new StringBuilder();
		md.append("# Overload harness report\n\n");
		md.append("- Date: ").append(report.date()).append('\n');
		md.append("- Command: `java -cp \"$(cat benchmarks/target/classpath.txt):benchmarks/target/classes\" ")
			.append(OverloadHarness.class.getName())
			.append(report.command().isEmpty() ? "" : " " + report.command())
			.append("`\n");
		md.append("- Machine: ").append(report.machine()).append('\n');
		md.append("- Java: ").append(report.java()).append('\n');
		md.append("- Each run starts a fresh sample app JVM with `-Xmx")
			.append(report.heap())
			.append("` and the collector named in the section (H2, 100 000 seeded bookings).\n");
		md.append(String.format(Locale.ROOT,
				"- Clients: one thread each, HTTP/1.1 keep-alive while the server allows it; after a 503 or 429 a client "
						+ "asks again after %d ms, ignoring `Retry-After`; %.0f s of load per run.\n",
				report.retryPauseMillis(), report.durationSeconds()));
		md.append("- Goodput: 2xx answers per second of the class's active time (until its last client finished). "
				+ "Latencies are of 2xx answers only. Recovery: from the end of the load until readiness is UP and "
				+ "`GET /demo/allocate?mb=1` answers 2xx. CPU: % of one core during the load (driver / app).\n\n");
		md.append("Configurations:\n\n");
		report.configurations().forEach((configuration) -> md.append("- ").append(configuration).append('\n'));
		for (ScenarioResult scenario : report.scenarios()) {
			appendScenario(md, scenario);
		}
		if (report.steadyState() != null) {
			SteadyState.appendMarkdown(md, report.steadyState());
		}
		return md.toString();
	}

	private static void appendScenario(StringBuilder md, ScenarioResult scenario) {
		md.append("\n## ").append(scenario.scenario()).append(", ").append(scenario.collector()).append("\n\n");
		md.append(scenario.description()).append(" JVM: `").append(String.join(" ", scenario.jvmArguments()));
		md.append("`.\n\n");
		if (!scenario.search().isEmpty()) {
			SearchPoint best = scenario.search()
				.stream()
				.max((a, b) -> Double.compare(a.goodput(), b.goodput()))
				.orElseThrow();
			md.append(String.format(Locale.ROOT, "`threads.max` search (%.0f s each, goodput of `%s`): ",
					scenario.searchSeconds(), best.objective()));
			md.append(scenario.search()
				.stream()
				.map((point) -> String.format(Locale.ROOT, "%d → %.2f/s%s", point.threads(), point.goodput(),
						(point.outOfMemoryErrorLines() > 0) ? " (OOM)" : ""))
				.collect(Collectors.joining(", ")));
			md.append("; best **").append(best.threads()).append("**.\n\n");
		}
		md.append("| Configuration | Class | 2xx | 503 | Other answers | Goodput (2xx/s) | 2xx p50 / p99 / max (ms) "
				+ "| OOM lines | Died | Recovery (ms) | CPU driver / app |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (RunResult run : scenario.runs()) {
			boolean first = true;
			for (ClassResult result : run.classes()) {
				md.append("| ")
					.append(first ? configurationLabel(run) : "")
					.append(" | ")
					.append(result.name())
					.append(" | ")
					.append(result.ok())
					.append(" | ")
					.append(result.count("503"))
					.append(" | ")
					.append(result.otherAnswers("503"))
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.2f", result.goodput()))
					.append(" | ")
					.append(latencies(result))
					.append(" | ");
				if (first) {
					md.append(run.outOfMemoryErrorLines())
						.append(" | ")
						.append(run.processDied() ? "**yes** (exit " + run.exitCode() + ")" : "no")
						.append(" | ")
						.append((run.recoveryMillis() != null) ? run.recoveryMillis().toString() : "**not recovered**")
						.append(" | ")
						.append(String.format(Locale.ROOT, "%.0f %% / %.0f %%", run.driverCpuPercent(),
								run.appCpuPercent()));
				}
				else {
					md.append(" | | | ");
				}
				md.append(" |\n");
				first = false;
			}
		}
		scenario.runs()
			.stream()
			.filter((run) -> run.admission() != null)
			.forEach((run) -> md.append("\nMemguard's admission during the load (`/actuator/memory` every 0.5 s): ")
				.append(run.admission())
				.append("\n"));
		List<String> extra = scenario.runs()
			.stream()
			.filter((run) -> !run.appArguments().isEmpty())
			.map((run) -> "`" + run.configuration() + "`: `" + String.join(" ", run.appArguments()) + "`")
			.toList();
		if (!extra.isEmpty()) {
			md.append("\nApp arguments: ").append(String.join("; ", extra)).append(".\n");
		}
	}

	private static String configurationLabel(RunResult run) {
		return (run.threads() != null) ? run.configuration() + " (" + run.threads() + ")" : run.configuration();
	}

	private static String latencies(ClassResult result) {
		if (result.ok() == 0) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", result.p50Millis(), result.p99Millis(),
				result.maxMillis());
	}

}
