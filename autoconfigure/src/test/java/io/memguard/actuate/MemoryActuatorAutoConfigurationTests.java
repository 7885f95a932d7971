package io.memguard.actuate;

import java.util.List;
import java.util.Set;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class, MemoryEndpointAutoConfiguration.class,
				MemoryHealthContributorAutoConfiguration.class));

	@Test
	void endpointExistsOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MemoryEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory")
			.run((context) -> assertThat(context).hasSingleBean(MemoryEndpoint.class));
	}

	@Test
	void endpointIsOffWhenItsAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memory",
					"management.endpoint.memory.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenUserDefinesOne() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory")
			.withBean("customMemoryEndpoint", MemoryEndpoint.class,
					() -> new MemoryEndpoint(new MemoryMonitor(() -> new MemoryReading(1, 2, -1, -1),
							new MemoryThresholds(0.75, 0.9, 0.05)), List.of(), Show.NEVER, Set.of()))
			.run((context) -> assertThat(context).hasSingleBean(MemoryEndpoint.class).hasBean("customMemoryEndpoint"));
	}

	@Test
	void endpointFeedsContributorBeansIntoItsSections() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory")
			.withBean(MemoryEndpointContributor.class, () -> new MemoryEndpointContributor() {

				@Override
				public String sectionName() {
					return "requests";
				}

				@Override
				public Object section() {
					return 42;
				}

			})
			.run((context) -> assertThat(
					context.getBean(MemoryEndpoint.class).memory(SecurityContext.NONE).getSections())
				.containsEntry("requests", 42));
	}

	@Test
	void endpointHidesTheSectionsDetailsUnlessToldToShowThem() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory")
			.run((context) -> assertThat(context.getBean(MemoryEndpointProperties.class).getShowDetails())
				.isEqualTo(Show.NEVER));
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memory",
					"management.endpoint.memory.show-details=when-authorized", "management.endpoint.memory.roles=OPS")
			.run((context) -> {
				MemoryEndpointProperties properties = context.getBean(MemoryEndpointProperties.class);
				assertThat(properties.getShowDetails()).isEqualTo(Show.WHEN_AUTHORIZED);
				assertThat(properties.getRoles()).containsExactly("OPS");
			});
	}

	@Test
	void healthIndicatorIsNamedMemoryAndHonoursDownAfter() {
		this.contextRunner.withPropertyValues("memguard.memory.health.down-after=0s")
			.withBean(MemoryProbe.class, () -> () -> new MemoryReading(95, 100, -1, -1))
			.run((context) -> {
				context.getBean(MemoryMonitor.class).refresh();
				HealthIndicator indicator = context.getBean("memoryHealthIndicator", HealthIndicator.class);
				assertThat(indicator).isInstanceOf(MemoryHealthIndicator.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void healthIndicatorCanBeDisabledOrReplaced() {
		this.contextRunner.withPropertyValues("management.health.memory.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class));
		HealthIndicator custom = () -> null;
		this.contextRunner.withBean("memoryHealthIndicator", HealthIndicator.class, () -> custom)
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class)
				.getBean("memoryHealthIndicator")
				.isSameAs(custom));
	}

	@Test
	void nothingWhenMemguardIsDisabled() {
		this.contextRunner
			.withPropertyValues("memguard.enabled=false", "management.endpoints.web.exposure.include=memory")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryEndpoint.class)
				.doesNotHaveBean(MemoryHealthIndicator.class));
	}

	@Test
	void healthIndicatorNeverReportsDownByDefault() {
		this.contextRunner.withBean(MemoryProbe.class, () -> () -> new MemoryReading(95, 100, -1, -1))
			.run((context) -> {
				context.getBean(MemoryMonitor.class).refresh();
				assertThat(context.getBean(MemoryHealthIndicator.class).health().getStatus())
					.isEqualTo(Status.OUT_OF_SERVICE);
			});
	}

}
