package io.memguard.cleanup;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.test.FailureAnalyses;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryCleanupAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class, MemoryCleanupAutoConfiguration.class));

	@Test
	void cleanupWithItsFullCollectionStepIsThereButNotTheCriticalListener() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(MemoryCleanup.class)
			.hasSingleBean(GarbageCollectionCleanupStep.class)
			.doesNotHaveBean(CriticalCleanupListener.class));
	}

	@Test
	void criticalListenerIsThereWhenSwitchedOn() {
		this.contextRunner
			.withPropertyValues("memguard.cleanup.on-critical.enabled=true", "memguard.cleanup.on-critical.after=1m")
			.run((context) -> assertThat(context).hasSingleBean(CriticalCleanupListener.class));
	}

	@Test
	void userStepsRunInTheirOrderBeforeTheFullCollection() {
		this.contextRunner.withBean("userStep", MemoryCleanupStep.class, () -> new MemoryCleanupStep() {

			@Override
			public String name() {
				return "user";
			}

			@Override
			public Object clean(CleanupContext context) {
				return "done";
			}

		})
			.run((context) -> assertThat(context.getBean(MemoryCleanup.class).cleanUp(null, true).steps())
				.containsKeys("user", "garbageCollection")
				.extracting((steps) -> steps.keySet().iterator().next())
				.isEqualTo("user"));
	}

	@Test
	void backsOffWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryCleanup.class));
	}

	@Test
	void aZeroDelayFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("memguard.cleanup.on-critical.after=0s")
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.cleanup.on-critical.after=0s", "memguard.cleanup.on-critical.after",
					"must be at least 1ms"));
	}

}
