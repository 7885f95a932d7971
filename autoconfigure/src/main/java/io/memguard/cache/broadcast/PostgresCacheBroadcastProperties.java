package io.memguard.cache.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the PostgreSQL {@code LISTEN/NOTIFY} transport of cache
 * invalidations, used when {@code memguard.cache.broadcast=postgres}. Validated by the
 * binder.
 */
@ConfigurationProperties("memguard.cache.postgres")
public class PostgresCacheBroadcastProperties implements Validator {

	/**
	 * Notification channel shared by every instance of the application (1 to 63 bytes in
	 * UTF-8).
	 */
	private String channel = "memguard_cache";

	/**
	 * JDBC URL of the listener's own connection. Defaults to the URL of the data source;
	 * set it to a direct connection when the data source goes through a pooler in
	 * transaction mode (PgBouncer), which cannot LISTEN.
	 */
	private String url;

	/**
	 * User of the listener's own connection. Defaults to the data source's user.
	 */
	private String username;

	/**
	 * Password of the listener's own connection. Defaults to the data source's password.
	 */
	private String password;

	/**
	 * How long the listener waits for notifications before it checks that its connection
	 * is still alive.
	 */
	private Duration pollTimeout = Duration.ofSeconds(5);

	/**
	 * Delay before the first attempt to reconnect the listener, doubled after each failed
	 * attempt.
	 */
	private Duration reconnectBackoffMin = Duration.ofMillis(100);

	/**
	 * Longest delay between two attempts to reconnect the listener.
	 */
	private Duration reconnectBackoffMax = Duration.ofSeconds(30);

	public String getChannel() {
		return this.channel;
	}

	public void setChannel(String channel) {
		this.channel = channel;
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public Duration getPollTimeout() {
		return this.pollTimeout;
	}

	public void setPollTimeout(Duration pollTimeout) {
		this.pollTimeout = pollTimeout;
	}

	public Duration getReconnectBackoffMin() {
		return this.reconnectBackoffMin;
	}

	public void setReconnectBackoffMin(Duration reconnectBackoffMin) {
		this.reconnectBackoffMin = reconnectBackoffMin;
	}

	public Duration getReconnectBackoffMax() {
		return this.reconnectBackoffMax;
	}

	public void setReconnectBackoffMax(Duration reconnectBackoffMax) {
		this.reconnectBackoffMax = reconnectBackoffMax;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == PostgresCacheBroadcastProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		int channelBytes = (this.channel != null) ? this.channel.getBytes(StandardCharsets.UTF_8).length : 0;
		PropertyChecks.rejectUnless(errors, "channel", channelBytes > 0 && channelBytes <= 63,
				"1 to 63 bytes long (PostgreSQL would silently truncate a longer name)");
		PropertyChecks.rejectUnless(errors, "url",
				!StringUtils.hasText(this.url) || this.url.startsWith("jdbc:postgresql:"),
				"a PostgreSQL JDBC URL (jdbc:postgresql:...)");
		PropertyChecks.rejectUnless(errors, "pollTimeout", this.pollTimeout.toMillis() > 0,
				"at least 1ms (0 would wait for notifications forever)");
		PropertyChecks.rejectIfNegative(errors, "reconnectBackoffMin", this.reconnectBackoffMin);
		PropertyChecks.rejectUnless(errors, "reconnectBackoffMax",
				this.reconnectBackoffMax.compareTo(this.reconnectBackoffMin) >= 0,
				"at least memguard.cache.postgres.reconnect-backoff-min (" + this.reconnectBackoffMin + ")");
	}

}
