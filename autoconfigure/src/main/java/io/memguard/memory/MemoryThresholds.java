package io.memguard.memory;

import org.springframework.util.Assert;

/**
 * Warning and critical thresholds with hysteresis: a level is entered at its threshold
 * and left only once the ratio has fallen {@code recoveryMargin} below it, so the level
 * does not flap.
 *
 * @param warning ratio at which {@link MemoryPressureLevel#WARNING} starts
 * @param critical ratio at which {@link MemoryPressureLevel#CRITICAL} starts
 * @param recoveryMargin how far below a threshold the ratio must fall to leave its level
 */
public record MemoryThresholds(double warning, double critical, double recoveryMargin) {

	public MemoryThresholds {
		Assert.isTrue(warning > 0 && warning <= 1, "warning threshold must be in (0, 1]");
		Assert.isTrue(critical > 0 && critical <= 1, "critical threshold must be in (0, 1]");
		Assert.isTrue(warning <= critical, "warning threshold must not be above the critical threshold");
		Assert.isTrue(recoveryMargin >= 0 && recoveryMargin < warning, "recovery margin must be in [0, warning)");
	}

	/**
	 * The level for a new ratio, given the current level.
	 * @param current the level now
	 * @param ratio the new pressure ratio
	 * @return the next level
	 */
	public MemoryPressureLevel next(MemoryPressureLevel current, double ratio) {
		if (ratio >= this.critical) {
			return MemoryPressureLevel.CRITICAL;
		}
		if (current == MemoryPressureLevel.CRITICAL && ratio >= this.critical - this.recoveryMargin) {
			return MemoryPressureLevel.CRITICAL;
		}
		if (ratio >= this.warning) {
			return MemoryPressureLevel.WARNING;
		}
		if (current.isAtLeast(MemoryPressureLevel.WARNING) && ratio >= this.warning - this.recoveryMargin) {
			return MemoryPressureLevel.WARNING;
		}
		return MemoryPressureLevel.NORMAL;
	}

}
