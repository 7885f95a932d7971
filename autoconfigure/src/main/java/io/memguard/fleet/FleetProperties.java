package io.memguard.fleet;

import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of fleet mode: limits, instance registry and connection budget
 * shared by every instance of the application through Redis. Validated by the binder.
 */
@ConfigurationProperties("memguard.fleet")
public class FleetProperties implements Validator {

	/**
	 * Whether the instances of the application share their limits and register themselves
	 * in Redis, through Spring Boot's Redis connection factory.
	 */
	private boolean enabled;

	/**
	 * Prefix of every Redis key of the fleet. Defaults to "memguard:{name}:" with the
	 * application's name, so applications sharing a Redis keep apart and, on a Redis
	 * Cluster, every key of the fleet lands in one slot.
	 */
	private String keyPrefix;

	/**
	 * How long a request or handshake waits for Redis before it falls back to the local
	 * limits of this instance.
	 */
	private Duration timeout = Duration.ofMillis(50);

	/**
	 * How long a count outlives the instance that took it when that instance stops
	 * renewing it (killed, partitioned). Counts are renewed three times per lease time.
	 */
	private Duration leaseTime = Duration.ofSeconds(30);

	/**
	 * How long an instance stays in the registry after its last heartbeat. Heartbeats are
	 * sent three times per instance time-to-live, and at once when the memory-pressure
	 * level changes.
	 */
	private Duration instanceTtl = Duration.ofSeconds(15);

	/**
	 * How often Redis is probed while the limits fall back to local counts.
	 */
	private Duration recoveryInterval = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getLeaseTime() {
		return this.leaseTime;
	}

	public void setLeaseTime(Duration leaseTime) {
		this.leaseTime = leaseTime;
	}

	public Duration getInstanceTtl() {
		return this.instanceTtl;
	}

	public void setInstanceTtl(Duration instanceTtl) {
		this.instanceTtl = instanceTtl;
	}

	public Duration getRecoveryInterval() {
		return this.recoveryInterval;
	}

	public void setRecoveryInterval(Duration recoveryInterval) {
		this.recoveryInterval = recoveryInterval;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == FleetProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks.rejectUnless(errors, "timeout", this.timeout.toMillis() >= 1, "at least 1ms");
		PropertyChecks.rejectUnless(errors, "leaseTime", this.leaseTime.toMillis() >= 300,
				"at least 300ms (leases are renewed three times per lease time)");
		PropertyChecks.rejectUnless(errors, "instanceTtl", this.instanceTtl.toMillis() >= 300,
				"at least 300ms (heartbeats are sent three times per time-to-live)");
		PropertyChecks.rejectUnless(errors, "recoveryInterval", this.recoveryInterval.toMillis() >= 1, "at least 1ms");
		PropertyChecks.rejectUnless(errors, "keyPrefix", this.keyPrefix == null || !this.keyPrefix.isBlank(),
				"unset or not blank");
	}

}
