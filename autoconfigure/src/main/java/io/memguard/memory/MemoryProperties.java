package io.memguard.memory;

import java.nio.file.Path;
import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the memory-pressure signal. Validated by the binder.
 */
@ConfigurationProperties("memguard.memory")
public class MemoryProperties implements Validator {

	/**
	 * Live-heap-after-GC (or old generation, or container usage) ratio at which the level
	 * becomes WARNING.
	 */
	private double warningThreshold = 0.75;

	/**
	 * Live-heap-after-GC (or old generation, or container usage) ratio at which the level
	 * becomes CRITICAL.
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

	/**
	 * How long the level may stay CRITICAL with no garbage collection before a full
	 * collection is requested, so that a live set released under pressure is noticed.
	 * Zero disables them.
	 */
	private Duration recoveryGcInterval = Duration.ofSeconds(2);

	/**
	 * Least time a level is held before it steps down, so that it does not flap.
	 */
	private Duration minDwell = Duration.ofSeconds(2);

	/**
	 * Least time between two full collections requested to confirm a rise that only a
	 * young collection has shown (its figure includes garbage promoted to the old
	 * generation); a rise that no full collection confirms within twice this time is
	 * trusted. Zero trusts young collections at once.
	 */
	private Duration confirmationGcInterval = Duration.ofSeconds(5);

	private final EmergencyTrip emergencyTrip = new EmergencyTrip();

	private final Container container = new Container();

	private final Health health = new Health();

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

	public Duration getRecoveryGcInterval() {
		return this.recoveryGcInterval;
	}

	public void setRecoveryGcInterval(Duration recoveryGcInterval) {
		this.recoveryGcInterval = recoveryGcInterval;
	}

	public Duration getMinDwell() {
		return this.minDwell;
	}

	public void setMinDwell(Duration minDwell) {
		this.minDwell = minDwell;
	}

	public Duration getConfirmationGcInterval() {
		return this.confirmationGcInterval;
	}

	public void setConfirmationGcInterval(Duration confirmationGcInterval) {
		this.confirmationGcInterval = confirmationGcInterval;
	}

	public EmergencyTrip getEmergencyTrip() {
		return this.emergencyTrip;
	}

	public Container getContainer() {
		return this.container;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * The configured thresholds.
	 * @return the thresholds
	 */
	MemoryThresholds toThresholds() {
		return new MemoryThresholds(this.warningThreshold, this.criticalThreshold, this.recoveryMargin);
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == MemoryProperties.class || type == EmergencyTrip.class || type == Health.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof MemoryProperties) {
			PropertyChecks.rejectUnlessRatio(errors, "warningThreshold", this.warningThreshold);
			PropertyChecks.rejectUnlessRatio(errors, "criticalThreshold", this.criticalThreshold);
			PropertyChecks.rejectUnless(errors, "warningThreshold", this.warningThreshold <= this.criticalThreshold,
					"at most memguard.memory.critical-threshold (" + this.criticalThreshold + ")");
			PropertyChecks.rejectUnless(errors, "recoveryMargin",
					this.recoveryMargin >= 0 && this.recoveryMargin < this.warningThreshold,
					"at least 0 and below memguard.memory.warning-threshold (" + this.warningThreshold + ")");
			PropertyChecks.rejectUnless(errors, "sampleInterval", this.sampleInterval.toMillis() > 0, "at least 1ms");
			PropertyChecks.rejectIfNegative(errors, "recoveryGcInterval", this.recoveryGcInterval);
			PropertyChecks.rejectUnless(errors, "minDwell", this.minDwell != null && !this.minDwell.isNegative(),
					"zero or positive");
			PropertyChecks.rejectUnless(errors, "confirmationGcInterval",
					this.confirmationGcInterval != null && !this.confirmationGcInterval.isNegative(),
					"zero or positive");
		}
		else if (target instanceof EmergencyTrip emergencyTrip && emergencyTrip.isEnabled()) {
			PropertyChecks.rejectUnlessRatio(errors, "threshold", emergencyTrip.getThreshold());
		}
		else if (target instanceof Health health) {
			PropertyChecks.rejectIfNegative(errors, "downAfter", health.getDownAfter());
		}
	}

	/**
	 * Emergency trip on the heap in use, garbage included.
	 */
	public static class EmergencyTrip {

		/**
		 * Whether heap use close to the maximum declares CRITICAL once a collection
		 * confirms it, without waiting for the live heap to reach the critical threshold.
		 */
		private boolean enabled;

		/**
		 * Ratio of heap in use (garbage included) to maximum heap that counts as a spike.
		 */
		private double threshold = 0.97;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * Container (cgroup) memory limit.
	 */
	public static class Container {

		/**
		 * Whether the container's working set against its cgroup memory limit counts
		 * toward the level.
		 */
		private boolean enabled = true;

		/**
		 * Directory where the cgroup file system is mounted.
		 */
		private Path cgroupRoot = CgroupMemory.DEFAULT_ROOT;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getCgroupRoot() {
			return this.cgroupRoot;
		}

		public void setCgroupRoot(Path cgroupRoot) {
			this.cgroupRoot = cgroupRoot;
		}

	}

	/**
	 * The {@code memory} health indicator.
	 */
	public static class Health {

		/**
		 * How long the level may stay CRITICAL before the health indicator reports DOWN
		 * instead of OUT_OF_SERVICE, so the platform restarts an instance that cannot
		 * recover (a leak). Unset, it never reports DOWN.
		 */
		private Duration downAfter;

		public Duration getDownAfter() {
			return this.downAfter;
		}

		public void setDownAfter(Duration downAfter) {
			this.downAfter = downAfter;
		}

	}

}
