package io.memguard.jdbc;

import java.time.Duration;
import java.util.function.Predicate;

import com.zaxxer.hikari.HikariConfig;

/**
 * Memguard's HikariCP defaults. Each one is applied only when the user did not set the
 * property and the pool still holds HikariCP's own default, so
 * {@code spring.datasource.hikari.*} and pools configured in code always win.
 */
final class HikariDefaults {

	/** Fail fast and answer 503 instead of letting requests (and memory) pile up. */
	static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Below common server, proxy and NAT lifetime cuts (PgBouncer, cloud proxies), so the
	 * pool retires a connection before something else kills it mid-request.
	 */
	static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

	/**
	 * Below the shortest common load balancer idle cut (Azure: 4 min, AWS NLB: 350 s).
	 */
	static final Duration KEEPALIVE_TIME = Duration.ofSeconds(60);

	/**
	 * Conservative, as HikariCP's maintainer advises: long exports give false positives.
	 */
	static final Duration LEAK_DETECTION_THRESHOLD = Duration.ofSeconds(60);

	/** HikariCP silently disables a leak detection threshold below this. */
	static final Duration MIN_LEAK_DETECTION_THRESHOLD = Duration.ofSeconds(2);

	private static final HikariConfig LIBRARY_DEFAULTS = new HikariConfig();

	private HikariDefaults() {
	}

	/**
	 * HikariCP's sizing formula with one effective spindle: {@code cores * 2 + 1}.
	 * @return the pool size
	 */
	static int poolSize() {
		return Runtime.getRuntime().availableProcessors() * 2 + 1;
	}

	/**
	 * Applies the defaults.
	 * @param pool the pool, already bound from the environment
	 * @param userSet tells whether the user set a {@code spring.datasource.hikari.*}
	 * property, by its kebab-case name
	 * @param disableAutoCommit whether to turn auto-commit off
	 */
	static void apply(HikariConfig pool, Predicate<String> userSet, boolean disableAutoCommit) {
		if (!userSet.test("maximum-pool-size") && pool.getMaximumPoolSize() == LIBRARY_DEFAULTS.getMaximumPoolSize()) {
			pool.setMaximumPoolSize(poolSize());
		}
		// A fixed-size pool: no connection storms when load arrives, as HikariCP advises
		if (!userSet.test("minimum-idle") && pool.getMinimumIdle() == LIBRARY_DEFAULTS.getMinimumIdle()) {
			pool.setMinimumIdle(pool.getMaximumPoolSize());
		}
		if (!userSet.test("connection-timeout")
				&& pool.getConnectionTimeout() == LIBRARY_DEFAULTS.getConnectionTimeout()) {
			pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
		}
		if (!userSet.test("max-lifetime") && pool.getMaxLifetime() == LIBRARY_DEFAULTS.getMaxLifetime()) {
			pool.setMaxLifetime(MAX_LIFETIME.toMillis());
		}
		if (!userSet.test("keepalive-time") && pool.getKeepaliveTime() == LIBRARY_DEFAULTS.getKeepaliveTime()) {
			pool.setKeepaliveTime(Math.min(KEEPALIVE_TIME.toMillis(), pool.getMaxLifetime() / 2));
		}
		if (!userSet.test("leak-detection-threshold")
				&& pool.getLeakDetectionThreshold() == LIBRARY_DEFAULTS.getLeakDetectionThreshold()) {
			// Not above a short user max-lifetime, where HikariCP would disable it
			long maxLifetime = pool.getMaxLifetime();
			pool.setLeakDetectionThreshold((maxLifetime > 0)
					? Math.min(LEAK_DETECTION_THRESHOLD.toMillis(), maxLifetime) : LEAK_DETECTION_THRESHOLD.toMillis());
		}
		if (disableAutoCommit && !userSet.test("auto-commit") && pool.isAutoCommit()) {
			pool.setAutoCommit(false);
		}
	}

	/**
	 * Rejects a leak detection threshold that HikariCP would silently disable, or that
	 * would report every borrowed connection as a leak.
	 * @param pool the pool
	 * @throws DataSourceConfigurationException if the threshold is negative, below 2 s or
	 * above {@code maxLifetime}
	 */
	static void checkLeakDetectionThreshold(HikariConfig pool) {
		long threshold = pool.getLeakDetectionThreshold();
		if (threshold < 0) {
			throw new DataSourceConfigurationException(
					"spring.datasource.hikari.leak-detection-threshold is " + threshold
							+ " ms; HikariCP would then report every connection it lends as a leak",
					"Consider a threshold from " + MIN_LEAK_DETECTION_THRESHOLD.toMillis()
							+ " ms (for example 60000), or 0 to turn leak detection off.");
		}
		if (threshold == 0) {
			return;
		}
		long maxLifetime = pool.getMaxLifetime();
		if (threshold < MIN_LEAK_DETECTION_THRESHOLD.toMillis() || (maxLifetime > 0 && threshold > maxLifetime)) {
			throw new DataSourceConfigurationException("spring.datasource.hikari.leak-detection-threshold is "
					+ threshold + " ms; HikariCP silently disables leak detection below "
					+ MIN_LEAK_DETECTION_THRESHOLD.toMillis() + " ms or above max-lifetime (" + maxLifetime + " ms)",
					"Consider a threshold from " + MIN_LEAK_DETECTION_THRESHOLD.toMillis() + " ms to " + maxLifetime
							+ " ms (for example 60000), or 0 to turn leak detection off.");
		}
	}

}
