package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady state, no overload: the unprotected app and Memguard's defaults side by side,
 * each driven in turn with keep-alive clients on a cheap endpoint and on a cached JSON
 * endpoint, in interleaved rounds (the order alternates) so that drifts of the shared
 * machine hit both alike. Also measured with {@code wrk} when it is installed
 * ({@code apt-get install -y wrk}).
 */
final class SteadyState {

	private static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint("cheap", RequestSpec.get("/demo/slow?millis=0")),
			new Endpoint("cached JSON", RequestSpec.get("/api/profanity-words?language=en")));

	private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

	private final HarnessOptions options;

	private final Consumer<String> log;

	SteadyState(HarnessOptions options, Consumer<String> log) {
		this.options = options;
		this.log = log;
	}

	Result run() throws Exception {
		Collector collector = this.options.collectorsFor(Scenarios.STEADY).get(0);
		List<String> jvmArguments = new ArrayList<>(List.of("-Xmx" + this.options.heap(), collector.flag()));
		jvmArguments.addAll(this.options.jvmArguments());
		boolean wrk = useWrk();
		List<Round> rounds = new ArrayList<>();
		try (SampleAppProcess unprotected = start(Configuration.UNPROTECTED, collector, jvmArguments);
				SampleAppProcess memguard = start(Configuration.MEMGUARD, collector, jvmArguments)) {
			for (Endpoint endpoint : ENDPOINTS) {
				this.log.accept("Steady state: warming up on " + endpoint.name());
				measure(unprotected, endpoint);
				measure(memguard, endpoint);
			}
			for (int round = 1; round <= this.options.steadyRounds(); round++) {
				boolean unprotectedFirst = round % 2 == 1;
				for (Endpoint endpoint : ENDPOINTS) {
					rounds.add(round(round, endpoint, "java", unprotectedFirst, (app) -> measure(app, endpoint),
							unprotected, memguard));
					if (wrk) {
						rounds.add(round(round, endpoint, "wrk", unprotectedFirst, (app) -> wrk(app, endpoint),
								unprotected, memguard));
					}
				}
			}
		}
		List<Summary> summaries = new ArrayList<>();
		for (Endpoint endpoint : ENDPOINTS) {
			for (String driver : wrk ? List.of("java", "wrk") : List.of("java")) {
				List<Double> ratios = rounds.stream()
					.filter((round) -> round.endpoint().equals(endpoint.name()) && round.driver().equals(driver))
					.map(Round::ratio)
					.toList();
				summaries.add(new Summary(endpoint.name(), endpoint.request().path(), driver,
						ratios.stream().mapToDouble(Double::doubleValue).average().orElse(0),
						ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
						ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
			}
		}
		return new Result(collector.id(), jvmArguments, this.options.steadyClients(),
				OverloadHarness.seconds(this.options.steadyRoundDuration()), rounds, summaries);
	}

	private Round round(int round, Endpoint endpoint, String driver, boolean unprotectedFirst, Measurement measurement,
			SampleAppProcess unprotected, SampleAppProcess memguard) throws Exception {
		Rate first = measurement.measure(unprotectedFirst ? unprotected : memguard);
		Rate second = measurement.measure(unprotectedFirst ? memguard : unprotected);
		Rate unprotectedRate = unprotectedFirst ? first : second;
		Rate memguardRate = unprotectedFirst ? second : first;
		Round result = new Round(round, endpoint.name(), driver, unprotectedRate.perSecond(), memguardRate.perSecond(),
				memguardRate.perSecond() / unprotectedRate.perSecond(), unprotectedRate.non2xx(),
				memguardRate.non2xx());
		this.log.accept(String.format(Locale.ROOT, "Steady state round %d, %s, %s: unprotected %.0f/s, memguard %.0f/s",
				round, endpoint.name(), driver, result.unprotectedPerSecond(), result.memguardPerSecond()));
		return result;
	}

	private SampleAppProcess start(Configuration configuration, Collector collector, List<String> jvmArguments)
			throws IOException, InterruptedException {
		List<String> appArguments = new ArrayList<>(configuration.appArguments(0));
		appArguments.addAll(this.options.appArgumentsFor(configuration));
		Path log = this.options.out()
			.resolve("logs")
			.resolve("steady-" + collector.id() + "-" + configuration.id() + ".log");
		this.log.accept("Starting steady-state app " + configuration.id() + " " + appArguments);
		return SampleAppProcess.start(log, jvmArguments, appArguments);
	}

	private Rate measure(SampleAppProcess app, Endpoint endpoint) throws InterruptedException {
		LoadDriver driver = new LoadDriver(app.address(), Duration.ZERO, this.options.requestTimeout());
		RequestClass requestClass = new RequestClass(endpoint.name(), this.options.steadyClients(), endpoint.request());
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		LoadDriver.Recording recording = driver.drive(List.of(requestClass), this.options.steadyRoundDuration(), start);
		ClassResult result = ClassResult.of(endpoint.name(), requestClass, recording.samples().get(requestClass), 0,
				Long.MAX_VALUE, (recording.lastAnswerNanos() - start) / 1e9);
		return new Rate(result.goodput(), result.answers() - result.ok());
	}

	private Rate wrk(SampleAppProcess app, Endpoint endpoint) throws IOException, InterruptedException {
		String url = "http://" + app.address().getHostString() + ":" + app.address().getPort()
				+ endpoint.request().path();
		Process process = new ProcessBuilder("wrk", "-t2", "-c" + this.options.steadyClients(),
				"-d" + this.options.steadyRoundDuration().toSeconds() + "s", url)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		Matcher rate = WRK_RATE.matcher(output);
		if (!rate.find()) {
			throw new IllegalStateException("No Requests/sec in wrk's output:\n" + output);
		}
		Matcher non2xx = WRK_NON_2XX.matcher(output);
		return new Rate(Double.parseDouble(rate.group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
	}

	private boolean useWrk() {
		if (this.options.wrk().equals("off")) {
			return false;
		}
		boolean installed = System.getenv("PATH") != null && Arrays.stream(System.getenv("PATH").split(":"))
			.anyMatch((directory) -> Path.of(directory, "wrk").toFile().canExecute());
		if (!installed && this.options.wrk().equals("on")) {
			throw new IllegalStateException("--wrk on, but wrk is not on the PATH (apt-get install -y wrk)");
		}
		return installed;
	}

	static void appendMarkdown(StringBuilder md, Result result) {
		md.append("\n## steady, ").append(result.collector()).append("\n\n");
		md.append(String.format(Locale.ROOT,
				"No overload: unprotected and Memguard defaults running side by side (JVM `%s`), %d keep-alive clients, "
						+ "%.0f s per app per round, the order alternating between rounds.\n\n",
				String.join(" ", result.jvmArguments()), result.clients(), result.roundSeconds()));
		md.append("| Endpoint | Driver | Round | Unprotected (req/s) | Memguard (req/s) | Memguard / unprotected |\n");
		md.append("|---|---|---|---|---|---|\n");
		for (Round round : result.rounds()) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.3f |\n", round.endpoint(),
					round.driver(), round.round(), round.unprotectedPerSecond(), round.memguardPerSecond(),
					round.ratio()));
		}
		md.append("\n| Endpoint | Driver | Mean ratio | Min | Max |\n|---|---|---|---|---|\n");
		for (Summary summary : result.summaries()) {
			md.append(String.format(Locale.ROOT, "| %s (`%s`) | %s | **%.3f** | %.3f | %.3f |\n", summary.endpoint(),
					summary.path(), summary.driver(), summary.meanRatio(), summary.minRatio(), summary.maxRatio()));
		}
	}

	private record Endpoint(String name, RequestSpec request) {

	}

	private record Rate(double perSecond, long non2xx) {

	}

	@FunctionalInterface
	private interface Measurement {

		Rate measure(SampleAppProcess app) throws Exception;

	}

	/**
	 * The steady-state comparison.
	 *
	 * @param collector the collector
	 * @param jvmArguments the apps' JVM arguments
	 * @param clients keep-alive clients per measurement
	 * @param roundSeconds load per app per round
	 * @param rounds every measurement
	 * @param summaries the ratios per endpoint and driver
	 */
	record Result(String collector, List<String> jvmArguments, int clients, double roundSeconds, List<Round> rounds,
			List<Summary> summaries) {

	}

	/**
	 * One round on one endpoint with one driver.
	 *
	 * @param round the round, from 1
	 * @param endpoint the endpoint
	 * @param driver {@code java} (the harness's driver) or {@code wrk}
	 * @param unprotectedPerSecond 2xx answers per second of the unprotected app
	 * @param memguardPerSecond 2xx answers per second with Memguard's defaults
	 * @param ratio Memguard's over the unprotected app's
	 * @param unprotectedNon2xx answers that were not 2xx, unprotected
	 * @param memguardNon2xx answers that were not 2xx, Memguard
	 */
	record Round(int round, String endpoint, String driver, double unprotectedPerSecond, double memguardPerSecond,
			double ratio, long unprotectedNon2xx, long memguardNon2xx) {

	}

	/**
	 * The ratios over the rounds for one endpoint and driver.
	 *
	 * @param endpoint the endpoint
	 * @param path its path
	 * @param driver the driver
	 * @param meanRatio the mean of Memguard / unprotected
	 * @param minRatio the lowest
	 * @param maxRatio the highest
	 */
	record Summary(String endpoint, String path, String driver, double meanRatio, double minRatio, double maxRatio) {

	}

}
