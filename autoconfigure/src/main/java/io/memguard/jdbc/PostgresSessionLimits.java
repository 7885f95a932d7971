package io.memguard.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;

/**
 * Server-side limits for every pooled PostgreSQL connection, sent as pgjdbc startup
 * {@code options} so they hold from the first statement without an extra round trip.
 */
final class PostgresSessionLimits {

	private static final Pattern OPTION = Pattern.compile("-c\\s*([a-z_]+)=(\\d+)(?=\\s|$)");

	private final Map<String, Long> settings = new LinkedHashMap<>();

	private final String applicationName;

	PostgresSessionLimits(MemguardDataSourceProperties.Postgres properties, String applicationName) {
		put("statement_timeout", properties.getStatementTimeout());
		put("lock_timeout", properties.getLockTimeout());
		put("idle_in_transaction_session_timeout", properties.getIdleInTransactionTimeout());
		this.applicationName = applicationName;
	}

	private void put(String name, Duration value) {
		if (value != null) {
			this.settings.put(name, value.toMillis());
		}
	}

	/**
	 * The settings a pool sends at connect in its {@code options}, by PostgreSQL name,
	 * where the value is plain milliseconds.
	 * @param pool the pool
	 * @return the settings, values as sent
	 */
	static Map<String, String> sentSettings(HikariConfig pool) {
		Map<String, String> sent = new LinkedHashMap<>();
		Matcher setting = OPTION.matcher(pool.getDataSourceProperties().getProperty("options", ""));
		while (setting.find()) {
			sent.put(setting.group(1), setting.group(2));
		}
		return sent;
	}

	static boolean isPostgres(String jdbcUrl) {
		return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
	}

	/**
	 * Adds the limits to the pool's data source properties. A setting the user already
	 * gave in the URL or in their own {@code options} is left alone.
	 * @param pool the pool
	 */
	void applyTo(HikariConfig pool) {
		String url = pool.getJdbcUrl();
		String userOptions = pool.getDataSourceProperties().getProperty("options", "");
		StringBuilder options = new StringBuilder(userOptions);
		this.settings.forEach((name, millis) -> {
			if (!url.contains(name) && !userOptions.contains(name)) {
				options.append(options.isEmpty() ? "" : " ").append("-c ").append(name).append('=').append(millis);
			}
		});
		if (!options.isEmpty()) {
			pool.addDataSourceProperty("options", options.toString());
		}
		if (this.applicationName != null && !url.contains("ApplicationName")
				&& !pool.getDataSourceProperties().containsKey("ApplicationName")) {
			pool.addDataSourceProperty("ApplicationName", this.applicationName);
		}
	}

}
