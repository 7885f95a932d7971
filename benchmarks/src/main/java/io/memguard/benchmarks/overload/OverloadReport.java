package io.memguard.benchmarks.overload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one harness run measured, written as JSON and markdown.
 *
 * @param date when the run started (UTC)
 * @param command the harness's arguments
 * @param machine the CPU and memory, from {@code lscpu} and {@code /proc/meminfo}
 * @param java the output of {@code java -version}
 * @param heap the app JVMs' heap limit
 * @param durationSeconds how long each full run drives load
 * @param retryPauseMillis how long a client waits after a 503 or 429
 * @param configurations what each configuration is
 * @param scenarios the results per scenario and collector
 * @param steadyState the steady-state comparison, null when not run
 */
record OverloadReport(String date, String command, String machine, String java, String heap, double durationSeconds,
		long retryPauseMillis, List<String> configurations, List<ScenarioResult> scenarios,
		SteadyState.Result steadyState) {

	OverloadReport withScenario(ScenarioResult scenario) {
		List<ScenarioResult> all = new ArrayList<>(this.scenarios);
		all.add(scenario);
		return new OverloadReport(this.date, this.command, this.machine, this.java, this.heap, this.durationSeconds,
				this.retryPauseMillis, this.configurations, List.copyOf(all), this.steadyState);
	}

	OverloadReport withSteadyState(SteadyState.Result result) {
		return new OverloadReport(this.date, this.command, this.machine, this.java, this.heap, this.durationSeconds,
				this.retryPauseMillis, this.configurations, this.scenarios, result);
	}

	/**
	 * One scenario under one collector.
	 *
	 * @param scenario the scenario's name
	 * @param description what it drives
	 * @param collector the collector
	 * @param jvmArguments the app JVM's arguments
	 * @param search the {@code threads.max} values tried, empty when not searched
	 * @param searchSeconds how long each search run drove load
	 * @param runs one run per configuration
	 */
	record ScenarioResult(String scenario, String description, String collector, List<String> jvmArguments,
			List<SearchPoint> search, double searchSeconds, List<RunResult> runs) {

	}

	/**
	 * One value of the {@code threads.max} search.
	 *
	 * @param threads the value
	 * @param objective the class whose goodput decides
	 * @param goodput that class's goodput
	 * @param outOfMemoryErrorLines {@code OutOfMemoryError} lines in the app's log
	 */
	record SearchPoint(int threads, String objective, double goodput, long outOfMemoryErrorLines) {

	}

	/**
	 * One configuration's run.
	 *
	 * @param configuration the configuration's id
	 * @param threads the {@code threads.max} used, null when Tomcat's default
	 * @param appArguments the app's arguments beyond address and port
	 * @param classes per request class, then the scenario's windows
	 * @param elapsedSeconds from the start of the load until the last client finished
	 * @param startupSeconds until readiness was first UP
	 * @param outOfMemoryErrorLines lines of the app's log that mention
	 * {@code OutOfMemoryError}
	 * @param processDied whether the app's process was gone after the run
	 * @param exitCode its exit code when it was
	 * @param recoveryMillis from the end of the load until readiness was UP and a normal
	 * request succeeded, null when that did not happen within the limit
	 * @param driverCpuPercent the driver's CPU use during the load, in % of one core
	 * @param appCpuPercent the app's CPU use during the load, in % of one core
	 * @param loadAverage the machine's load average after the run
	 * @param log the app's log file
	 * @param admission for Memguard, what {@code /actuator/memory} showed during the load
	 * (see {@link AdmissionWatch#summary()}), else {@code null}
	 */
	record RunResult(String configuration, Integer threads, List<String> appArguments, List<ClassResult> classes,
			double elapsedSeconds, double startupSeconds, long outOfMemoryErrorLines, boolean processDied,
			Integer exitCode, Long recoveryMillis, double driverCpuPercent, double appCpuPercent, String loadAverage,
			String log, Map<String, Object> admission) {

		ClassResult classNamed(String name) {
			return this.classes.stream()
				.filter((result) -> result.name().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("No class " + name));
		}

	}

}
