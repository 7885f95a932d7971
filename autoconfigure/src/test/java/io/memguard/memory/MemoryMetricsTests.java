package io.memguard.memory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryMetricsTests {

	@Test
	void gaugesFollowTheMonitor() {
		long[] live = { 10 };
		MemoryMonitor monitor = new MemoryMonitor(() -> new MemoryReading(live[0], 100, -1, -1),
				new MemoryThresholds(0.75, 0.9, 0.05));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new MemoryMetrics(monitor).bindTo(registry);
		assertThat(registry.get("memguard.memory.level").gauge().value()).isZero();
		live[0] = 95;
		monitor.refresh();
		assertThat(registry.get("memguard.memory.level").gauge().value()).isEqualTo(2);
		assertThat(registry.get("memguard.memory.live.ratio").gauge().value()).isEqualTo(0.95);
	}

}
