package io.memguard.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports memory pressure: {@code UP} at NORMAL and WARNING, {@code OUT_OF_SERVICE} at
 * CRITICAL, and optionally {@code DOWN} once CRITICAL has lasted too long (a leak the
 * instance will not recover from). Meant for the readiness group, never liveness.
 */
public class MemoryHealthIndicator extends AbstractHealthIndicator {

	private final MemoryMonitor monitor;

	private final Duration downAfter;

	private final Clock clock;

	/**
	 * Creates the indicator.
	 * @param monitor the memory monitor
	 * @param downAfter how long CRITICAL may last before {@code DOWN}, or {@code null}
	 * for never
	 * @param clock the clock that measures time in the current level
	 */
	public MemoryHealthIndicator(MemoryMonitor monitor, Duration downAfter, Clock clock) {
		super("Memory health check failed");
		this.monitor = monitor;
		this.downAfter = downAfter;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MemorySnapshot snapshot = this.monitor.snapshot();
		Instant since = this.monitor.levelSince();
		Duration inLevel = Duration.between(since, this.clock.instant());
		if (snapshot.level() != MemoryPressureLevel.CRITICAL) {
			builder.up();
		}
		else if (this.downAfter != null && inLevel.compareTo(this.downAfter) >= 0) {
			builder.down();
		}
		else {
			builder.outOfService();
		}
		builder.withDetail("level", snapshot.level())
			.withDetail("levelSince", since.toString())
			.withDetail("retainedRatio", snapshot.retainedRatio())
			.withDetail("liveRatio", snapshot.liveRatio())
			.withDetail("heapUsedAfterGc", snapshot.heapUsedAfterGc())
			.withDetail("heapMax", snapshot.heapMax());
		if (snapshot.oldGenerationRatio() >= 0) {
			builder.withDetail("oldGenerationRatio", snapshot.oldGenerationRatio());
		}
		if (snapshot.containerRatio() >= 0) {
			builder.withDetail("containerRatio", snapshot.containerRatio());
		}
	}

}
