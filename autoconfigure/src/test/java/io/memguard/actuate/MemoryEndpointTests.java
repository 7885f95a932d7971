package io.memguard.actuate;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.memguard.actuate.MemoryEndpoint.MemoryDescriptor;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryEndpointTests {

	private static final long MB = 1024 * 1024;

	private final MemoryMonitor monitor = new MemoryMonitor(
			() -> new MemoryReading(80 * MB, 100 * MB, 300 * MB, 512 * MB), new MemoryThresholds(0.75, 0.9, 0.05));

	@Test
	void showsLevelHeapThresholdsAndContainer() {
		this.monitor.refresh();
		MemoryDescriptor memory = endpoint(this.monitor, List.of(), Show.NEVER).memory(SecurityContext.NONE);
		assertThat(memory.getLevel()).isEqualTo(MemoryPressureLevel.WARNING);
		assertThat(memory.getLevelSince()).isEqualTo(this.monitor.levelSince());
		assertThat(memory.getHeap().usedAfterLastGc()).isEqualTo(80 * MB);
		assertThat(memory.getHeap().max()).isEqualTo(100 * MB);
		assertThat(memory.getHeap().liveRatio()).isEqualTo(0.8);
		assertThat(memory.getThresholds().critical()).isEqualTo(0.9);
		assertThat(memory.getThresholds().emergencyTrip()).isNull();
		assertThat(memory.getContainer().limit()).isEqualTo(512 * MB);
		assertThat(memory.getContainer().usage()).isEqualTo(300 * MB);
	}

	@Test
	void showsTheJvmsNonHeapBufferPoolsAndCollectors() {
		MemoryDescriptor memory = endpoint(this.monitor, List.of(), Show.NEVER).memory(SecurityContext.NONE);
		assertThat(memory.getNonHeap().used()).isPositive();
		assertThat(memory.getBufferPools()).containsKey("direct");
		assertThat(memory.getGc()).isNotEmpty();
		assertThat(memory.getHeap().committed()).isEqualTo(Runtime.getRuntime().totalMemory());
	}

	@Test
	void leavesContainerOutWhenItsLimitIsUnknown() {
		MemoryMonitor outsideContainer = new MemoryMonitor(() -> new MemoryReading(1, 100, -1, -1),
				new MemoryThresholds(0.75, 0.9, 0.05));
		assertThat(endpoint(outsideContainer, List.of(), Show.NEVER).memory(SecurityContext.NONE).getContainer())
			.isNull();
	}

	@Test
	void addsOneSectionPerContributorAndSurvivesOneThatThrows() {
		MemoryDescriptor memory = endpoint(this.monitor,
				List.of(contributor("datasource", () -> Map.of("active", 3)), contributor("broken", () -> {
					throw new IllegalStateException("boom");
				}), contributor("heap", () -> "shadowing")), Show.NEVER)
			.memory(SecurityContext.NONE);
		assertThat(memory.getSections()).containsEntry("datasource", Map.of("active", 3))
			.containsEntry("broken", Map.of("error", IllegalStateException.class.getName()))
			.doesNotContainKey("heap");
	}

	@Test
	void showsTheSectionsDetailsOnlyAsShowDetailsAllows() {
		List<MemoryEndpointContributor> detailed = List.of(new MemoryEndpointContributor() {

			@Override
			public String sectionName() {
				return "pool";
			}

			@Override
			public Object section() {
				return section(false);
			}

			@Override
			public Object section(boolean showDetails) {
				return showDetails ? "with details" : "plain";
			}

		});
		SecurityContext operator = securityContext("ops", "OPS");
		SecurityContext visitor = securityContext("visitor");
		assertThat(endpoint(this.monitor, detailed, Show.NEVER).memory(operator).getSections()).containsEntry("pool",
				"plain");
		assertThat(endpoint(this.monitor, detailed, Show.ALWAYS).memory(SecurityContext.NONE).getSections())
			.containsEntry("pool", "with details");
		MemoryEndpoint whenAuthorized = new MemoryEndpoint(this.monitor, detailed, Show.WHEN_AUTHORIZED, Set.of("OPS"));
		assertThat(whenAuthorized.memory(SecurityContext.NONE).getSections()).containsEntry("pool", "plain");
		assertThat(whenAuthorized.memory(visitor).getSections()).containsEntry("pool", "plain");
		assertThat(whenAuthorized.memory(operator).getSections()).containsEntry("pool", "with details");
	}

	private static MemoryEndpoint endpoint(MemoryMonitor monitor, List<MemoryEndpointContributor> contributors,
			Show showDetails) {
		return new MemoryEndpoint(monitor, contributors, showDetails, Set.of());
	}

	private static SecurityContext securityContext(String name, String... roles) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> name;
			}

			@Override
			public boolean isUserInRole(String role) {
				return List.of(roles).contains(role);
			}

		};
	}

	private static MemoryEndpointContributor contributor(String name, Supplier<Object> section) {
		return new MemoryEndpointContributor() {

			@Override
			public String sectionName() {
				return name;
			}

			@Override
			public Object section() {
				return section.get();
			}

		};
	}

}
