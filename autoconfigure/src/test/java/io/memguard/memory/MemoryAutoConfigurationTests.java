package io.memguard.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.memguard.test.FailureAnalyses;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class));

	@Test
	void definesMonitorProbeSamplerAndMetricsWithDefaultThresholds() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JvmMemoryProbe.class)
				.hasSingleBean(MemorySampler.class)
				.hasSingleBean(MemoryMetrics.class);
			MemoryMonitor monitor = context.getBean(MemoryMonitor.class);
			assertThat(monitor.thresholds()).isEqualTo(new MemoryThresholds(0.75, 0.90, 0.05));
			assertThat(monitor.emergencyTripThreshold()).isZero();
			assertThat(monitor.snapshot().heapMax()).isEqualTo(Runtime.getRuntime().maxMemory());
		});
	}

	@Test
	void appliesConfiguredThresholdsAndEmergencyTrip() {
		this.contextRunner
			.withPropertyValues("memguard.memory.warning-threshold=0.6", "memguard.memory.critical-threshold=0.8",
					"memguard.memory.recovery-margin=0.1", "memguard.memory.emergency-trip.enabled=true")
			.run((context) -> {
				MemoryMonitor monitor = context.getBean(MemoryMonitor.class);
				assertThat(monitor.thresholds()).isEqualTo(new MemoryThresholds(0.6, 0.8, 0.1));
				assertThat(monitor.emergencyTripThreshold()).isEqualTo(0.97);
			});
	}

	@Test
	void registersListenerBeansWithTheMonitor() {
		this.contextRunner.withBean(MemoryProbe.class, () -> () -> new MemoryReading(95, 100, -1, -1))
			.withUserConfiguration(RecordingListenerConfiguration.class)
			.run((context) -> {
				context.getBean(MemoryMonitor.class).refresh();
				assertThat(context.getBean(RecordingListenerConfiguration.class).changes).hasSize(1);
			});
	}

	@Test
	void backsOffWhenUserDefinesProbeOrMonitor() {
		MemoryProbe probe = () -> new MemoryReading(1, 100, -1, -1);
		this.contextRunner.withBean(MemoryProbe.class, () -> probe).run((context) -> {
			assertThat(context).doesNotHaveBean(JvmMemoryProbe.class);
			assertThat(context.getBean(MemoryMonitor.class).snapshot().heapMax()).isEqualTo(100);
		});
		this.contextRunner
			.withBean(MemoryMonitor.class, () -> new MemoryMonitor(probe, new MemoryThresholds(0.5, 0.6, 0.1)))
			.run((context) -> assertThat(context.getBean(MemoryMonitor.class).thresholds().warning()).isEqualTo(0.5));
	}

	@Test
	void doesNothingWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryMonitor.class)
				.doesNotHaveBean(MemorySampler.class)
				.doesNotHaveBean(MemoryProperties.class));
	}

	@Test
	void skipsMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(MemoryMonitor.class)
				.doesNotHaveBean(MemoryMetrics.class));
	}

	@Test
	void readsTheContainerLimitFromTheConfiguredCgroupRootUnlessDisabled(@TempDir Path cgroup) throws IOException {
		Files.writeString(cgroup.resolve("memory.max"), "536870912\n");
		Files.writeString(cgroup.resolve("memory.current"), "268435456\n");
		this.contextRunner.withPropertyValues("memguard.memory.container.cgroup-root=" + cgroup)
			.run((context) -> assertThat(context.getBean(MemoryMonitor.class).snapshot().containerRatio())
				.isEqualTo(0.5));
		this.contextRunner
			.withPropertyValues("memguard.memory.container.cgroup-root=" + cgroup,
					"memguard.memory.container.enabled=false")
			.run((context) -> assertThat(context.getBean(MemoryMonitor.class).snapshot().containerLimit())
				.isEqualTo(-1));
	}

	@Test
	void warningAboveCriticalFailsStartupNamingThePropertyItsValueAndOrigin() {
		this.contextRunner.withPropertyValues("memguard.memory.warning-threshold=0.95").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(FailureAnalyses.text(context.getStartupFailure())).contains(
					"Property: memguard.memory.warningThreshold", "Value: \"0.95\"",
					"Origin: \"memguard.memory.warning-threshold\"",
					"Reason: must be at most memguard.memory.critical-threshold (0.9)");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			critical-threshold=90           | criticalThreshold    | must be above 0 and at most 1
			warning-threshold=0             | warningThreshold     | must be above 0 and at most 1
			recovery-margin=-0.1            | recoveryMargin       | must be at least 0 and below
			sample-interval=-1s             | sampleInterval       | must be at least 1ms
			sample-interval=0               | sampleInterval       | must be at least 1ms
			recovery-gc-interval=-1s        | recoveryGcInterval   | must be zero or positive
			health.down-after=-5m           | health.downAfter     | must be zero or positive
			""")
	void invalidValueFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues("memguard.memory." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.memory." + setting, "memguard.memory." + property, reason));
	}

	@Test
	void emergencyTripThresholdIsCheckedOnlyWhenTheTripIsOn() {
		this.contextRunner.withPropertyValues("memguard.memory.emergency-trip.threshold=2")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner
			.withPropertyValues("memguard.memory.emergency-trip.enabled=true",
					"memguard.memory.emergency-trip.threshold=2")
			.run((context) -> assertThat(FailureAnalyses.text(context.getStartupFailure())).contains(
					"Property: memguard.memory.emergency-trip.threshold", "Value: \"2.0\"",
					"Origin: \"memguard.memory.emergency-trip.threshold\""));
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingListenerConfiguration {

		final List<MemoryPressureChange> changes = new ArrayList<>();

		@Bean
		MemoryPressureListener recordingListener() {
			return this.changes::add;
		}

	}

}
