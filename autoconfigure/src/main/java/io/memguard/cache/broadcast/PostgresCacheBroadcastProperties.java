package io.memguard.cache.broadcast;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the PostgreSQL {@code LISTEN/NOTIFY} transport of cache
 * invalidations, used when {@code memguard.cache.broadcast=postgres}.
 */
@ConfigurationProperties("memguard.cache.postgres")
public class PostgresCacheBroadcastProperties {

	/**
	 * Notification channel shared by every instance of the application (at most 63
	 * characters).
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

}
