package io.memguard.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the memory-pressure signal.
 */
@ConfigurationProperties("memguard.memory")
public class MemoryProperties {

	/**
	 * Live-heap-after-GC (or container usage) ratio at which the level becomes WARNING.
	 */
	private double warningThreshold = 0.75;

	/**
	 * Live-heap-after-GC (or container usage) ratio at which the level becomes CRITICAL.
	 */
	private double criticalThreshold = 0.90;

	/**
	 * How far below a threshold the ratio must fall before its level is left.
	 */
	private double recoveryMargin = 0.05;

	/**
	 * How often memory is sampled between GC notifications.
	 */
	private Duration sampleInterval = Duration.ofSeconds(1);

	public double getWarningThreshold() {
		return this.warningThreshold;
	}

	public void setWarningThreshold(double warningThreshold) {
		this.warningThreshold = warningThreshold;
	}

	public double getCriticalThreshold() {
		return this.criticalThreshold;
	}

	public void setCriticalThreshold(double criticalThreshold) {
		this.criticalThreshold = criticalThreshold;
	}

	public double getRecoveryMargin() {
		return this.recoveryMargin;
	}

	public void setRecoveryMargin(double recoveryMargin) {
		this.recoveryMargin = recoveryMargin;
	}

	public Duration getSampleInterval() {
		return this.sampleInterval;
	}

	public void setSampleInterval(Duration sampleInterval) {
		this.sampleInterval = sampleInterval;
	}

	MemoryThresholds toThresholds() {
		return new MemoryThresholds(this.warningThreshold, this.criticalThreshold, this.recoveryMargin);
	}

}
