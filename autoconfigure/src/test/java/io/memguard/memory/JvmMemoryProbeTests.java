package io.memguard.memory;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmMemoryProbeTests {

	private static final Set<String> HEAP_POOLS = Set.of("ZGC Young Generation", "ZGC Old Generation");

	@Test
	void heapAfterGcSumsHeapPoolsOnly() {
		Map<String, MemoryUsage> afterGc = Map.of("ZGC Young Generation", usage(10), "ZGC Old Generation", usage(30),
				"Metaspace", usage(1000));
		assertThat(JvmMemoryProbe.heapAfterGc(afterGc, HEAP_POOLS)).isEqualTo(40);
	}

	@Test
	void pauseNotificationsWithoutPoolDataSayNothing() {
		assertThat(JvmMemoryProbe.heapAfterGc(Map.of(), HEAP_POOLS)).isZero();
		assertThat(
				JvmMemoryProbe.heapAfterGc(Map.of("ZGC Old Generation", usage(0), "Metaspace", usage(5)), HEAP_POOLS))
			.isZero();
	}

	@Test
	void concurrentCollectorsPauseBeansReportPausesOnly() {
		assertThat(JvmMemoryProbe.reportsPausesOnly("ZGC Pauses")).isTrue();
		assertThat(JvmMemoryProbe.reportsPausesOnly("ZGC Minor Pauses")).isTrue();
		assertThat(JvmMemoryProbe.reportsPausesOnly("Shenandoah Pauses")).isTrue();
		assertThat(JvmMemoryProbe.reportsPausesOnly("ZGC Cycles")).isFalse();
		assertThat(JvmMemoryProbe.reportsPausesOnly("G1 Young Generation")).isFalse();
		assertThat(JvmMemoryProbe.reportsPausesOnly("G1 Concurrent GC")).isFalse();
	}

	@Test
	void readsLiveHeapAfterACollectionAgainstTheMaximumHeap() {
		System.gc();
		MemoryReading reading = new JvmMemoryProbe().read();
		assertThat(reading.heapMax()).isEqualTo(Runtime.getRuntime().maxMemory());
		assertThat(reading.heapUsedAfterGc()).isPositive().isLessThan(reading.heapMax());
		assertThat(reading.gcCount()).isPositive();
		assertThat(reading.heapUsed()).isPositive();
		assertThat(reading.containerLimit()).isEqualTo(-1);
	}

	private static MemoryUsage usage(long used) {
		return new MemoryUsage(0, used, Math.max(used, 1), -1);
	}

}
