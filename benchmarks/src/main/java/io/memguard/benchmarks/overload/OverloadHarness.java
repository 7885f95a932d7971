package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.memguard.benchmarks.overload.LoadDriver.Recording;
import io.memguard.benchmarks.overload.OverloadReport.RunResult;
import io.memguard.benchmarks.overload.OverloadReport.ScenarioResult;
import io.memguard.benchmarks.overload.OverloadReport.SearchPoint;

/**
 * Starts the sample app under each configuration, drives each scenario at it and writes
 * {@code overload-report.md} and {@code overload-report.json}. See BENCHMARKS.md,
 * "Overload harness", for the command; {@code --help} lists the options.
 */
public final class OverloadHarness {

	/** Recovery is awaited at most this long beyond the request timeout. */
	private static final Duration RECOVERY_MARGIN = Duration.ofSeconds(30);

	/** Clients start this long after the driver is called. */
	private static final Duration START_DELAY = Duration.ofMillis(200);

	private final HarnessOptions options;

	private OverloadReport report;

	OverloadHarness(HarnessOptions options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		if (Arrays.asList(args).contains("--help")) {
			System.out.printf(HarnessOptions.USAGE, Scenarios.names(), Configuration.ids());
			return;
		}
		HarnessOptions options;
		try {
			options = HarnessOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.printf(HarnessOptions.USAGE, Scenarios.names(), Configuration.ids());
			System.exit(2);
			return;
		}
		new OverloadHarness(options).run();
	}

	/**
	 * Runs every scenario the options name, writing the reports after each.
	 * @return the report
	 * @throws Exception when an app cannot start or a report cannot be written
	 */
	OverloadReport run() throws Exception {
		this.report = new OverloadReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
				this.options.commandLine(), MachineInfo.machine(), MachineInfo.javaVersion(), this.options.heap(),
				seconds(this.options.duration()), this.options.retryPause().toMillis(),
				this.options.configurations().stream().map((c) -> c.id() + ": " + c.description()).toList(), List.of(),
				null);
		for (String name : this.options.scenarios()) {
			if (name.equals(Scenarios.STEADY)) {
				this.report = this.report.withSteadyState(new SteadyState(this.options, this::log).run());
				write();
				continue;
			}
			Scenario scenario = Scenarios.named(name);
			for (Collector collector : this.options.collectorsFor(name)) {
				this.report = this.report.withScenario(runScenario(scenario, collector));
				write();
			}
		}
		log("Reports: " + this.options.out().resolve(ReportWriter.MARKDOWN).toAbsolutePath() + " and "
				+ ReportWriter.JSON);
		return this.report;
	}

	private ScenarioResult runScenario(Scenario scenario, Collector collector) throws Exception {
		List<SearchPoint> search = new ArrayList<>();
		List<RunResult> runs = new ArrayList<>();
		for (Configuration configuration : this.options.configurations()) {
			int threads = 0;
			if (configuration == Configuration.TUNED_THREADS) {
				threads = searchThreads(scenario, collector, search);
			}
			runs.add(runOnce(scenario, collector, configuration, threads, this.options.duration(), ""));
		}
		return new ScenarioResult(scenario.name(), scenario.description(), collector.id(), jvmArguments(collector),
				search, search.isEmpty() ? 0 : seconds(this.options.searchDuration()), runs);
	}

	private int searchThreads(Scenario scenario, Collector collector, List<SearchPoint> search) throws Exception {
		List<Integer> values = this.options.threadValues();
		if (values.size() == 1) {
			return values.get(0);
		}
		for (int threads : values) {
			RunResult run = runOnce(scenario, collector, Configuration.TUNED_THREADS, threads,
					this.options.searchDuration(), "-search");
			search.add(new SearchPoint(threads, scenario.searchObjective(),
					run.classNamed(scenario.searchObjective()).goodput(), run.outOfMemoryErrorLines()));
		}
		// a user tuning by hand would not keep a value that runs out of memory
		Comparator<SearchPoint> safestThenFastest = Comparator
			.comparing((SearchPoint point) -> point.outOfMemoryErrorLines() == 0)
			.thenComparingDouble(SearchPoint::goodput);
		return search.stream().max(safestThenFastest).orElseThrow().threads();
	}

	private RunResult runOnce(Scenario scenario, Collector collector, Configuration configuration, int threads,
			Duration duration, String suffix) throws Exception {
		List<String> appArguments = new ArrayList<>(configuration.appArguments(threads));
		if (configuration == Configuration.MEMGUARD) {
			appArguments.addAll(scenario.memguardArguments());
		}
		appArguments.addAll(this.options.appArgumentsFor(configuration));
		String label = scenario.name() + "-" + collector.id() + "-" + configuration.id()
				+ ((configuration == Configuration.TUNED_THREADS) ? "-" + threads : "") + suffix;
		log("Starting " + label + " " + appArguments);
		Path logFile = this.options.out().resolve("logs").resolve(label + ".log");
		long startupBegin = System.nanoTime();
		try (SampleAppProcess app = SampleAppProcess.start(logFile, jvmArguments(collector), appArguments)) {
			double startup = seconds(Duration.ofNanos(System.nanoTime() - startupBegin));
			LoadDriver driver = new LoadDriver(app.address(), this.options.retryPause(), this.options.requestTimeout());
			long start = System.nanoTime() + START_DELAY.toNanos();
			Duration appCpuBefore = app.cpuTime();
			long driverCpuBefore = processCpuNanos();
			CompletableFuture<Long> recovery = CompletableFuture.supplyAsync(() -> awaitRecovery(app, start, duration));
			AdmissionWatch watch = (configuration == Configuration.MEMGUARD) ? new AdmissionWatch(app.address()) : null;
			Recording recording = driver.drive(scenario.classes(), duration, start);
			Map<String, Object> admission = null;
			if (watch != null) {
				watch.close();
				admission = watch.summary();
			}
			long loadNanos = recording.lastAnswerNanos() - start;
			double appCpu = percentOfOneCore(app.cpuTime().minus(appCpuBefore).toNanos(), loadNanos);
			double driverCpu = percentOfOneCore(processCpuNanos() - driverCpuBefore, loadNanos);
			Long recoveryMillis = recovery.get();
			List<ClassResult> classes = classResults(scenario, recording);
			RunResult run = new RunResult(configuration.id(),
					(configuration == Configuration.TUNED_THREADS) ? threads : null, appArguments, classes,
					loadNanos / 1e9, startup, app.outOfMemoryErrorLines(), !app.isAlive(), app.exitCode(),
					recoveryMillis, driverCpu, appCpu, MachineInfo.loadAverage(), logFile.toString(), admission);
			log(summary(label, run));
			return run;
		}
	}

	private Long awaitRecovery(SampleAppProcess app, long start, Duration duration) {
		try {
			long wait = start + duration.toNanos() - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			return app.awaitRecovery(Scenario.NORMAL_REQUEST, this.options.requestTimeout().plus(RECOVERY_MARGIN));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static List<ClassResult> classResults(Scenario scenario, Recording recording) {
		List<ClassResult> results = new ArrayList<>();
		long durationMicros = recording.duration().toNanos() / 1000;
		for (Map.Entry<RequestClass, List<Samples>> entry : recording.samples().entrySet()) {
			RequestClass requestClass = entry.getKey();
			long classStart = recording.startNanos() + (long) (requestClass.activeFrom() * durationMicros * 1000);
			long classEnd = entry.getValue().stream().mapToLong(Samples::finishedNanos).max().orElse(classStart);
			results.add(ClassResult.of(requestClass.name(), requestClass, entry.getValue(), 0, Long.MAX_VALUE,
					Math.max(0, classEnd - classStart) / 1e9));
		}
		for (Scenario.Window window : scenario.windows()) {
			Map.Entry<RequestClass, List<Samples>> entry = recording.samples()
				.entrySet()
				.stream()
				.filter((candidate) -> candidate.getKey().name().equals(window.requestClass()))
				.findFirst()
				.orElseThrow();
			results.add(ClassResult.of(window.name(), entry.getKey(), entry.getValue(),
					(long) (window.from() * durationMicros), (long) (window.to() * durationMicros),
					(window.to() - window.from()) * durationMicros / 1e6));
		}
		return results;
	}

	private List<String> jvmArguments(Collector collector) {
		List<String> arguments = new ArrayList<>(List.of("-Xmx" + this.options.heap(), collector.flag()));
		arguments.addAll(this.options.jvmArguments());
		return arguments;
	}

	private void write() throws IOException {
		ReportWriter.write(this.report, this.options.out());
	}

	private static String summary(String label, RunResult run) {
		StringBuilder summary = new StringBuilder(label).append(':');
		for (ClassResult result : run.classes()) {
			summary.append(String.format(Locale.ROOT, " %s %d ok (%.2f/s), %s;", result.name(), result.ok(),
					result.goodput(), result.statusCounts()));
		}
		summary.append(String.format(Locale.ROOT, " OOM lines %d, died %s, recovery %s ms, driver CPU %.0f%%",
				run.outOfMemoryErrorLines(), run.processDied(), run.recoveryMillis(), run.driverCpuPercent()));
		if (run.admission() != null) {
			summary.append("; admission ").append(run.admission());
		}
		return summary.toString();
	}

	private void log(String message) {
		System.out.println("[overload " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static double percentOfOneCore(long cpuNanos, long wallNanos) {
		return (wallNanos > 0) ? 100.0 * cpuNanos / wallNanos : 0;
	}

	static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
