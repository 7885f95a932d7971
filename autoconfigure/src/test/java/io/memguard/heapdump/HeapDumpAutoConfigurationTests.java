package io.memguard.heapdump;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.test.FailureAnalyses;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class HeapDumpAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class, HeapDumpAutoConfiguration.class));

	@Test
	void heapDumpsAreOffUnlessSwitchedOn() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(HeapDumper.class));
	}

	@Test
	void switchedOnTheDumperListensToTheMonitorAndHasAnEndpointSection() {
		this.contextRunner
			.withPropertyValues("memguard.heap-dump.enabled=true", "memguard.heap-dump.keep=1",
					"management.endpoints.web.exposure.include=memory")
			.run((context) -> assertThat(context).hasSingleBean(HeapDumper.class)
				.hasSingleBean(HeapDumpsMemorySection.class));
	}

	@Test
	void keepingNoDumpFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("memguard.heap-dump.enabled=true", "memguard.heap-dump.keep=0")
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.heap-dump.keep=0", "memguard.heap-dump.keep", "must be at least 1"));
	}

}
