package io.memguard.benchmarks.overload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The protections compared, each a way to start the sample app.
 */
enum Configuration {

	/** The sample without Memguard's web protection. */
	UNPROTECTED("unprotected", "the sample with Memguard's web protection excluded"),

	/** Unprotected, with Tomcat's worker threads limited to the best value found. */
	TUNED_THREADS("tuned-threads",
			"unprotected + `server.tomcat.threads.max=N`, N the best of a search per scenario (the hand-tuned static oracle)"),

	/** Unprotected, with Netflix's adaptive limit in the harness's own servlet filter. */
	GRADIENT2("gradient2",
			"unprotected + Netflix `concurrency-limits-core` 0.5.4 `Gradient2Limit` (library defaults) + `SimpleLimiter` "
					+ "in our thin servlet filter (503 when refused; not Netflix's servlet module)"),

	/** Memguard's defaults: the sample as it is. */
	MEMGUARD("memguard", "Memguard defaults (the sample as it is)");

	/**
	 * The auto-configurations that make up Memguard's web protection, excluded for the
	 * unprotected configurations. One place, as class names may move.
	 */
	static final String WEB_PROTECTION_AUTO_CONFIGURATIONS = "io.memguard.web.MemoryProtectionAutoConfiguration,"
			+ "io.memguard.web.limits.RequestLimitsAutoConfiguration";

	private final String id;

	private final String description;

	Configuration(String id, String description) {
		this.id = id;
		this.description = description;
	}

	String id() {
		return this.id;
	}

	String description() {
		return this.description;
	}

	/**
	 * The application arguments that make this configuration.
	 * @param threads the Tomcat thread limit, used by {@link #TUNED_THREADS} only
	 * @return the arguments
	 */
	List<String> appArguments(int threads) {
		List<String> arguments = new ArrayList<>();
		if (this != MEMGUARD) {
			arguments.add("--spring.autoconfigure.exclude=" + WEB_PROTECTION_AUTO_CONFIGURATIONS);
		}
		if (this == TUNED_THREADS) {
			arguments.add("--server.tomcat.threads.max=" + threads);
			// Tomcat's default of 10 spare threads would exceed a smaller maximum
			arguments.add("--server.tomcat.threads.min-spare=" + Math.min(10, threads));
		}
		if (this == GRADIENT2) {
			arguments.add("--" + Gradient2FilterConfiguration.ENABLED_PROPERTY + "=true");
		}
		return arguments;
	}

	static Configuration fromId(String id) {
		for (Configuration configuration : values()) {
			if (configuration.id.equals(id)) {
				return configuration;
			}
		}
		throw new IllegalArgumentException("Unknown configuration '" + id + "', expected one of " + ids());
	}

	static List<String> ids() {
		return Arrays.stream(values()).map(Configuration::id).toList();
	}

}
