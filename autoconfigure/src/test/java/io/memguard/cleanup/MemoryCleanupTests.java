package io.memguard.cleanup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureChange;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class MemoryCleanupTests {

	private volatile MemoryReading reading = new MemoryReading(30, 100, -1, -1);

	private final MemoryMonitor monitor = new MemoryMonitor(() -> this.reading, new MemoryThresholds(0.75, 0.9, 0.05));

	private final List<CleanupContext> runs = new CopyOnWriteArrayList<>();

	private final MemoryCleanupStep recording = new RecordingStep(this.runs);

	@Test
	void atNormalLevelWithoutThresholdOrForceNothingRuns() {
		CleanupReport report = new MemoryCleanup(this.monitor, List.of(this.recording)).cleanUp(null, false);
		assertThat(report.ran()).isFalse();
		assertThat(report.reason()).contains("level NORMAL");
		assertThat(report.before().retainedRatio()).isEqualTo(0.3);
		assertThat(report.after()).isNull();
		assertThat(this.runs).isEmpty();
	}

	@Test
	void atWarningLevelTheStepsRunAndTheFiguresAfterAreReadAgain() {
		setRetained(80);
		MemoryCleanupStep freeing = new MemoryCleanupStep() {

			@Override
			public String name() {
				return "freeing";
			}

			@Override
			public Object clean(CleanupContext context) {
				MemoryCleanupTests.this.reading = new MemoryReading(20, 100, -1, -1);
				return Map.of("freed", 60);
			}

		};
		CleanupReport report = new MemoryCleanup(this.monitor, List.of(freeing)).cleanUp(null, false);
		assertThat(report.ran()).isTrue();
		assertThat(report.reason()).isEqualTo("level WARNING");
		assertThat(report.before().level()).isEqualTo(MemoryPressureLevel.WARNING);
		assertThat(report.after().level()).isEqualTo(MemoryPressureLevel.NORMAL);
		assertThat(report.after().retainedRatio()).isEqualTo(0.2);
		assertThat(report.steps()).containsEntry("freeing", Map.of("freed", 60));
	}

	@Test
	void aThresholdComparesWithTheRetainedRatio() {
		MemoryCleanup cleanup = new MemoryCleanup(this.monitor, List.of(this.recording));
		CleanupReport below = cleanup.cleanUp(0.5, false);
		assertThat(below.ran()).isFalse();
		assertThat(below.reason()).isEqualTo("retained ratio 0.30 is below threshold 0.50");
		CleanupReport reached = cleanup.cleanUp(0.3, false);
		assertThat(reached.ran()).isTrue();
		assertThat(reached.reason()).isEqualTo("retained ratio 0.30 reached threshold 0.30");
		assertThat(this.runs).singleElement().satisfies((context) -> assertThat(context.thorough()).isFalse());
	}

	@Test
	void forceRunsWhateverTheLevelAndAsksForAThoroughCleanup() {
		CleanupReport report = new MemoryCleanup(this.monitor, List.of(this.recording)).cleanUp(0.99, true);
		assertThat(report.ran()).isTrue();
		assertThat(report.reason()).isEqualTo("forced");
		assertThat(this.runs).singleElement().satisfies((context) -> assertThat(context.thorough()).isTrue());
	}

	@Test
	void criticalLevelAsksForAThoroughCleanup() {
		setRetained(95);
		new MemoryCleanup(this.monitor, List.of(this.recording)).cleanUp(null, false);
		assertThat(this.runs).singleElement().satisfies((context) -> assertThat(context.thorough()).isTrue());
	}

	@Test
	void thresholdsOutsideZeroToOneAreRefused() {
		MemoryCleanup cleanup = new MemoryCleanup(this.monitor, List.of());
		for (double threshold : new double[] { 0, -0.5, 1.01, Double.NaN }) {
			assertThatIllegalArgumentException().isThrownBy(() -> cleanup.cleanUp(threshold, true))
				.withMessageContaining("threshold must be above 0 and at most 1");
		}
	}

	@Test
	void aFailingStepIsReportedAndTheOthersStillRun() {
		MemoryCleanupStep failing = new MemoryCleanupStep() {

			@Override
			public String name() {
				return "failing";
			}

			@Override
			public Object clean(CleanupContext context) {
				throw new IllegalStateException("broken");
			}

		};
		CleanupReport report = new MemoryCleanup(this.monitor, List.of(failing, this.recording)).cleanUp(null, true);
		assertThat(report.steps()).containsEntry("failing", Map.of("error", IllegalStateException.class.getName()))
			.containsKey("recording");
		assertThat(this.runs).hasSize(1);
	}

	@Test
	void criticalCleanupRunsOnceWhenTheLevelStaysCritical() {
		MemoryCleanup cleanup = new MemoryCleanup(this.monitor, List.of(this.recording));
		CriticalCleanupListener listener = new CriticalCleanupListener(() -> cleanup, Duration.ofMillis(50));
		try {
			setRetained(95);
			listener.onMemoryPressureChange(change(MemoryPressureLevel.NORMAL, MemoryPressureLevel.CRITICAL));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.runs.size() == 1);
			listener.onMemoryPressureChange(change(MemoryPressureLevel.NORMAL, MemoryPressureLevel.CRITICAL));
			await().during(Duration.ofMillis(300)).until(() -> this.runs.size() == 1);
		}
		finally {
			listener.destroy();
		}
	}

	@Test
	void criticalCleanupIsCancelledWhenTheLevelComesDownFirst() {
		MemoryCleanup cleanup = new MemoryCleanup(this.monitor, List.of(this.recording));
		CriticalCleanupListener listener = new CriticalCleanupListener(() -> cleanup, Duration.ofMillis(300));
		try {
			setRetained(95);
			listener.onMemoryPressureChange(change(MemoryPressureLevel.WARNING, MemoryPressureLevel.CRITICAL));
			listener.onMemoryPressureChange(change(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.WARNING));
			await().during(Duration.ofMillis(600)).until(this.runs::isEmpty);
		}
		finally {
			listener.destroy();
		}
	}

	private MemoryPressureChange change(MemoryPressureLevel from, MemoryPressureLevel to) {
		return new MemoryPressureChange(from, to, this.monitor.snapshot());
	}

	private void setRetained(long retained) {
		this.reading = new MemoryReading(retained, 100, -1, -1);
		this.monitor.refresh();
	}

	private static final class RecordingStep implements MemoryCleanupStep {

		private final List<CleanupContext> runs;

		RecordingStep(List<CleanupContext> runs) {
			this.runs = runs;
		}

		@Override
		public String name() {
			return "recording";
		}

		@Override
		public Object clean(CleanupContext context) {
			this.runs.add(context);
			return Map.of("ran", true);
		}

	}

}
