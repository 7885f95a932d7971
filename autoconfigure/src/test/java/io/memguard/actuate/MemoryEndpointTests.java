package io.memguard.actuate;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.memguard.actuate.MemoryEndpoint.MemoryDescriptor;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryEndpointTests {

	private static final long MB = 1024 * 1024;

	private final MemoryMonitor monitor = new MemoryMonitor(
			() -> new MemoryReading(80 * MB, 100 * MB, 300 * MB, 512 * MB), new MemoryThresholds(0.75, 0.9, 0.05));

	@Test
	void showsLevelHeapThresholdsAndContainer() {
		this.monitor.refresh();
		MemoryDescriptor memory = new MemoryEndpoint(this.monitor, List.of()).memory();
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
		MemoryDescriptor memory = new MemoryEndpoint(this.monitor, List.of()).memory();
		assertThat(memory.getNonHeap().used()).isPositive();
		assertThat(memory.getBufferPools()).containsKey("direct");
		assertThat(memory.getGc()).isNotEmpty();
		assertThat(memory.getHeap().committed()).isEqualTo(Runtime.getRuntime().totalMemory());
	}

	@Test
	void leavesContainerOutWhenItsLimitIsUnknown() {
		MemoryMonitor outsideContainer = new MemoryMonitor(() -> new MemoryReading(1, 100, -1, -1),
				new MemoryThresholds(0.75, 0.9, 0.05));
		assertThat(new MemoryEndpoint(outsideContainer, List.of()).memory().getContainer()).isNull();
	}

	@Test
	void addsOneSectionPerContributorAndSurvivesOneThatThrows() {
		MemoryDescriptor memory = new MemoryEndpoint(this.monitor,
				List.of(contributor("datasource", () -> Map.of("active", 3)), contributor("broken", () -> {
					throw new IllegalStateException("boom");
				}), contributor("heap", () -> "shadowing")))
			.memory();
		assertThat(memory.getSections()).containsEntry("datasource", Map.of("active", 3))
			.containsEntry("broken", Map.of("error", IllegalStateException.class.getName()))
			.doesNotContainKey("heap");
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
