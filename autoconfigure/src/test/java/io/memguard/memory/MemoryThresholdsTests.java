package io.memguard.memory;

import org.junit.jupiter.api.Test;

import static io.memguard.memory.MemoryPressureLevel.CRITICAL;
import static io.memguard.memory.MemoryPressureLevel.NORMAL;
import static io.memguard.memory.MemoryPressureLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MemoryThresholdsTests {

	private final MemoryThresholds thresholds = new MemoryThresholds(0.75, 0.90, 0.05);

	@Test
	void levelIsEnteredAtItsThreshold() {
		assertThat(this.thresholds.next(NORMAL, 0.7499)).isEqualTo(NORMAL);
		assertThat(this.thresholds.next(NORMAL, 0.75)).isEqualTo(WARNING);
		assertThat(this.thresholds.next(NORMAL, 0.90)).isEqualTo(CRITICAL);
		assertThat(this.thresholds.next(WARNING, 0.95)).isEqualTo(CRITICAL);
	}

	@Test
	void criticalIsLeftOnlyOnceTheRatioFallsTheMarginBelowItsThreshold() {
		assertThat(this.thresholds.next(CRITICAL, 0.86)).isEqualTo(CRITICAL);
		assertThat(this.thresholds.next(CRITICAL, 0.84)).isEqualTo(WARNING);
		assertThat(this.thresholds.next(CRITICAL, 0.50)).isEqualTo(NORMAL);
	}

	@Test
	void warningIsLeftOnlyOnceTheRatioFallsTheMarginBelowItsThreshold() {
		assertThat(this.thresholds.next(WARNING, 0.71)).isEqualTo(WARNING);
		assertThat(this.thresholds.next(WARNING, 0.69)).isEqualTo(NORMAL);
	}

	@Test
	void ratioOscillatingAroundAThresholdDoesNotFlap() {
		MemoryPressureLevel level = NORMAL;
		for (double ratio : new double[] { 0.76, 0.74, 0.76, 0.72, 0.75, 0.71 }) {
			level = this.thresholds.next(level, ratio);
			assertThat(level).isEqualTo(WARNING);
		}
	}

	@Test
	void warningAboveCriticalIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MemoryThresholds(0.95, 0.90, 0.05));
	}

}
