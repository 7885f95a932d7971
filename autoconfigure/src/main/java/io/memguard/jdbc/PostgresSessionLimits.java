package io.memguard.jdbc;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;

/**
 * Server-side limits for every pooled PostgreSQL connection, sent as pgjdbc startup
 * {@code options} so they hold from the first statement without an extra round trip. When
 * the JDBC URL has an {@code options} parameter, which pgjdbc takes over the data source
 * property, they are added to that parameter.
 */
final class PostgresSessionLimits {

	private static final Pattern OPTION = Pattern.compile("-c\\s*([a-z_]+)=(\\d+)(?=\\s|$)");

	private static final Pattern URL_OPTIONS = Pattern.compile("[?&]options=([^&]*)");

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
		Matcher setting = OPTION.matcher(options(pool));
		while (setting.find()) {
			sent.put(setting.group(1), setting.group(2));
		}
		return sent;
	}

	static boolean isPostgres(String jdbcUrl) {
		return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
	}

	/**
	 * Adds the limits to the pool's {@code options}, in the URL when it has them. A
	 * setting the user already gave in the URL or in their own {@code options} is left
	 * alone.
	 * @param pool the pool
	 */
	void applyTo(HikariConfig pool) {
		String url = pool.getJdbcUrl();
		String userOptions = options(pool);
		StringBuilder options = new StringBuilder(userOptions);
		this.settings.forEach((name, millis) -> {
			if (!url.contains(name) && !userOptions.contains(name)) {
				options.append(options.isEmpty() ? "" : " ").append("-c ").append(name).append('=').append(millis);
			}
		});
		Matcher urlOptions = URL_OPTIONS.matcher(url);
		if (urlOptions.find()) {
			pool.setJdbcUrl(url.substring(0, urlOptions.start(1))
					+ URLEncoder.encode(options.toString(), StandardCharsets.UTF_8).replace("+", "%20")
					+ url.substring(urlOptions.end(1)));
		}
		else if (!options.isEmpty()) {
			pool.addDataSourceProperty("options", options.toString());
		}
		if (this.applicationName != null && !url.contains("ApplicationName")
				&& !pool.getDataSourceProperties().containsKey("ApplicationName")) {
			pool.addDataSourceProperty("ApplicationName", this.applicationName);
		}
	}

	/**
	 * The {@code options} the pool's connections get: the URL's, which pgjdbc prefers, or
	 * else the data source property.
	 */
	private static String options(HikariConfig pool) {
		Matcher urlOptions = URL_OPTIONS.matcher(pool.getJdbcUrl());
		if (urlOptions.find()) {
			return URLDecoder.decode(urlOptions.group(1), StandardCharsets.UTF_8);
		}
		return pool.getDataSourceProperties().getProperty("options", "");
	}

}
