package io.memguard.benchmarks.overload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's command line. Options take {@code --name=value} or {@code --name value};
 * lists are comma-separated; durations are {@code 25s}, {@code 500ms}, {@code 2m} or
 * seconds.
 *
 * @param scenarios the scenarios to run, by name
 * @param configurations the configurations to compare
 * @param collectors the collectors to run every scenario under, null for the default (the
 * uniform flood under all four, the others under G1)
 * @param duration how long each full run drives load
 * @param searchDuration how long each run of the {@code threads.max} search drives load
 * @param threadValues the {@code threads.max} values searched; a single value is used
 * without a search
 * @param retryPause how long a client waits after a 503 or 429
 * @param requestTimeout how long a client waits for an answer
 * @param heap the app JVMs' {@code -Xmx}
 * @param out where the reports and app logs go
 * @param appArguments extra application arguments per configuration id, or {@code all}
 * @param jvmArguments extra JVM arguments for every app
 * @param steadyRounds how many interleaved rounds the steady state runs
 * @param steadyRoundDuration how long each steady-state round drives one app
 * @param steadyClients how many keep-alive clients the steady state uses
 * @param wrk whether the steady state also runs {@code wrk}: {@code auto} (when on the
 * path), {@code on} or {@code off}
 * @param commandLine the arguments as given
 */
record HarnessOptions(List<String> scenarios, List<Configuration> configurations, List<Collector> collectors,
		Duration duration, Duration searchDuration, List<Integer> threadValues, Duration retryPause,
		Duration requestTimeout, String heap, Path out, Map<String, List<String>> appArguments,
		List<String> jvmArguments, int steadyRounds, Duration steadyRoundDuration, int steadyClients, String wrk,
		String commandLine) {

	static final String USAGE = """
			Usage: OverloadHarness [options]
			  --scenario NAMES        all (default) or a list of: %s
			  --config NAMES          all (default) or a list of: %s
			  --gc NAMES              g1, parallel, serial, z (default: uniform under all four, the rest under g1)
			  --duration D            load per full run (default 25s)
			  --search-duration D     load per threads.max search run (default 8s)
			  --threads LIST          threads.max values to search (default 2,3,4,6,8,12,16,24); one value: no search
			  --retry-pause D         pause after a 503/429 (default 0: retry at once, ignoring Retry-After)
			  --request-timeout D     client read timeout (default 30s)
			  --heap SIZE             app -Xmx (default 256m)
			  --out DIR               reports and logs (default benchmarks/target/overload)
			  --arg:CONFIG=ARG        extra app argument for one configuration (or 'all'), repeatable,
			                          e.g. --arg:memguard=--memguard.web.admission.max-wait=200ms
			  --jvm-arg=ARG           extra app JVM argument, repeatable
			  --steady-rounds N       interleaved steady-state rounds (default 4)
			  --steady-round D        load per steady-state round and app (default 10s)
			  --steady-clients N      keep-alive clients in the steady state (default 32)
			  --wrk auto|on|off       also measure the steady state with wrk (default auto: when installed)
			""";

	static HarnessOptions parse(String... args) {
		Map<String, String> single = new LinkedHashMap<>();
		Map<String, List<String>> appArguments = new LinkedHashMap<>();
		List<String> jvmArguments = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String token = args[i];
			if (!token.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + token + "'");
			}
			int equals = token.indexOf('=');
			String name = (equals >= 0) ? token.substring(2, equals) : token.substring(2);
			String value;
			if (equals >= 0) {
				value = token.substring(equals + 1);
			}
			else if (i + 1 < args.length) {
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException("Option --" + name + " needs a value");
			}
			if (name.startsWith("arg:")) {
				String configuration = name.substring(4);
				if (!configuration.equals("all")) {
					Configuration.fromId(configuration);
				}
				appArguments.computeIfAbsent(configuration, (key) -> new ArrayList<>()).add(value);
			}
			else if (name.equals("jvm-arg")) {
				jvmArguments.add(value);
			}
			else {
				single.put(name, value);
			}
		}
		List<String> known = List.of("scenario", "config", "gc", "duration", "search-duration", "threads",
				"retry-pause", "request-timeout", "heap", "out", "steady-rounds", "steady-round", "steady-clients",
				"wrk");
		single.keySet().stream().filter((name) -> !known.contains(name)).findFirst().ifPresent((name) -> {
			throw new IllegalArgumentException("Unknown option --" + name);
		});
		List<String> scenarios = list(single.getOrDefault("scenario", "all"), Scenarios.names());
		scenarios.stream().filter((name) -> !name.equals(Scenarios.STEADY)).forEach(Scenarios::named);
		List<Configuration> configurations = list(single.getOrDefault("config", "all"), Configuration.ids()).stream()
			.map(Configuration::fromId)
			.toList();
		List<Collector> collectors = single.containsKey("gc")
				? list(single.get("gc"), Collector.all().stream().map(Collector::id).toList()).stream()
					.map(Collector::fromId)
					.toList()
				: null;
		List<Integer> threads = Arrays.stream(single.getOrDefault("threads", "2,3,4,6,8,12,16,24").split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList();
		String wrk = single.getOrDefault("wrk", "auto");
		if (!List.of("auto", "on", "off").contains(wrk)) {
			throw new IllegalArgumentException("--wrk takes auto, on or off, was " + wrk);
		}
		return new HarnessOptions(scenarios, configurations, collectors,
				duration(single.getOrDefault("duration", "25s")),
				duration(single.getOrDefault("search-duration", "8s")), threads,
				duration(single.getOrDefault("retry-pause", "0")),
				duration(single.getOrDefault("request-timeout", "30s")), single.getOrDefault("heap", "256m"),
				Path.of(single.getOrDefault("out", defaultOut())), appArguments, List.copyOf(jvmArguments),
				Integer.parseInt(single.getOrDefault("steady-rounds", "4")),
				duration(single.getOrDefault("steady-round", "10s")),
				Integer.parseInt(single.getOrDefault("steady-clients", "32")), wrk, String.join(" ", args));
	}

	/**
	 * The collectors a scenario runs under.
	 * @param scenario the scenario's name
	 * @return the collectors
	 */
	List<Collector> collectorsFor(String scenario) {
		if (this.collectors != null) {
			return this.collectors;
		}
		return scenario.equals("uniform") ? Collector.all() : List.of(Collector.G1);
	}

	/**
	 * The extra application arguments for a configuration, those for all first.
	 * @param configuration the configuration
	 * @return the arguments
	 */
	List<String> appArgumentsFor(Configuration configuration) {
		List<String> arguments = new ArrayList<>(this.appArguments.getOrDefault("all", List.of()));
		arguments.addAll(this.appArguments.getOrDefault(configuration.id(), List.of()));
		return arguments;
	}

	private static String defaultOut() {
		// from the repository's root or from benchmarks/ alike
		return Files.isDirectory(Path.of("benchmarks")) ? "benchmarks/target/overload" : "target/overload";
	}

	private static List<String> list(String value, List<String> all) {
		if (value.equals("all")) {
			return all;
		}
		return Arrays.stream(value.split(",")).map(String::trim).filter((name) -> !name.isEmpty()).toList();
	}

	static Duration duration(String value) {
		String trimmed = value.trim();
		if (trimmed.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
		}
		if (trimmed.endsWith("s")) {
			return Duration.ofMillis(Math.round(Double.parseDouble(trimmed.substring(0, trimmed.length() - 1)) * 1000));
		}
		if (trimmed.endsWith("m")) {
			return Duration.ofSeconds(Long.parseLong(trimmed.substring(0, trimmed.length() - 1)) * 60);
		}
		return Duration.ofMillis(Math.round(Double.parseDouble(trimmed) * 1000));
	}

}
