package io.memguard.memory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the memory-pressure level ({@code memguard.memory.level}: 0 NORMAL, 1
 * WARNING, 2 CRITICAL), the live heap ratio ({@code memguard.memory.live.ratio}) and the
 * retained heap ratio the level follows ({@code memguard.memory.retained.ratio}).
 */
class MemoryMetrics implements MeterBinder {

	private final MemoryMonitor monitor;

	public MemoryMetrics(MemoryMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memguard.memory.level", this.monitor, (monitor) -> monitor.level().ordinal())
			.description("Memory-pressure level: 0 normal, 1 warning, 2 critical")
			.register(registry);
		Gauge.builder("memguard.memory.live.ratio", this.monitor, (monitor) -> monitor.snapshot().liveRatio())
			.description("Live heap after the last GC as a fraction of the maximum heap")
			.register(registry);
		Gauge.builder("memguard.memory.retained.ratio", this.monitor, (monitor) -> monitor.snapshot().retainedRatio())
			.description("Heap the application retains (live heap minus what requests in flight hold) as a fraction "
					+ "of the room retained data has")
			.register(registry);
	}

}
