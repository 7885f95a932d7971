package io.memguard.cache.broadcast;

import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the Redis pub/sub transport of cache invalidations, used
 * when {@code memguard.cache.broadcast=redis}. Validated by the binder.
 */
@ConfigurationProperties("memguard.cache.redis")
public class RedisCacheBroadcastProperties implements Validator {

	/**
	 * Pub/sub channel shared by every instance of the application. Defaults to
	 * "memguard:{name}:cache" with the application's name.
	 */
	private String channel;

	/**
	 * How often each instance sends the number of its last message, so the others notice
	 * a lost last message, and checks that it hears its own.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	public String getChannel() {
		return this.channel;
	}

	public void setChannel(String channel) {
		this.channel = channel;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == RedisCacheBroadcastProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks.rejectUnless(errors, "channel", this.channel == null || !this.channel.isBlank(),
				"unset or not blank");
		PropertyChecks.rejectUnless(errors, "heartbeatInterval", this.heartbeatInterval.toMillis() >= 10,
				"at least 10ms");
	}

}
