package io.memguard.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static io.memguard.memory.MemoryPressureLevel.CRITICAL;
import static io.memguard.memory.MemoryPressureLevel.NORMAL;
import static io.memguard.memory.MemoryPressureLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryMonitorTests {

	private static final long MB = 1024 * 1024;

	private static final MemoryThresholds THRESHOLDS = new MemoryThresholds(0.75, 0.90, 0.05);

	private MemoryReading reading = heap(10, 0, 0);

	private final MemoryProbe probe = new MemoryProbe() {

		@Override
		public MemoryReading read() {
			return MemoryMonitorTests.this.reading;
		}

		@Override
		public long collectionCount() {
			return MemoryMonitorTests.this.reading.gcCount();
		}

	};

	private final List<MemoryPressureChange> changes = new ArrayList<>();

	@Test
	void levelFollowsLiveHeapAndEachTransitionIsPublishedOnce() {
		MemoryMonitor monitor = monitor(0);
		this.reading = heap(80, 0, 0);
		monitor.refresh();
		monitor.refresh();
		this.reading = heap(95, 0, 0);
		monitor.refresh();
		this.reading = heap(20, 0, 0);
		monitor.refresh();
		assertThat(this.changes).extracting(MemoryPressureChange::current).containsExactly(WARNING, CRITICAL, NORMAL);
		assertThat(this.changes.get(1).isEscalation()).isTrue();
		assertThat(this.changes.get(2).snapshot().heapUsedAfterGc()).isEqualTo(20 * MB);
	}

	@Test
	void containerWorkingSetCloseToItsLimitRaisesTheLevel() {
		MemoryMonitor monitor = monitor(0);
		this.reading = new MemoryReading(10 * MB, 100 * MB, 470 * MB, 512 * MB);
		assertThat(monitor.refresh().level()).isEqualTo(CRITICAL);
	}

	@Test
	void fullFixedSizeOldGenerationRaisesTheLevelWhileTheHeapAsAWholeHasRoom() {
		MemoryMonitor monitor = monitor(0);
		// the old generation is 70 MB of the 100 MB heap: retained data has 70 MB of room
		this.reading = new MemoryReading(68 * MB, 100 * MB, -1, -1, 80 * MB, 3, 0.95, true, 70 * MB);
		MemorySnapshot snapshot = monitor.refresh();
		assertThat(snapshot.level()).isEqualTo(CRITICAL);
		assertThat(snapshot.oldGenerationRatio()).isEqualTo(0.95);
		assertThat(snapshot.retentionCapacity()).isEqualTo(70 * MB);
	}

	@Test
	void failingListenerDoesNotStopTheOthers() {
		MemoryMonitor monitor = new MemoryMonitor(this.probe, THRESHOLDS);
		monitor.addListener((change) -> {
			throw new IllegalStateException("boom");
		});
		monitor.addListener(this.changes::add);
		this.reading = heap(95, 0, 0);
		monitor.refresh();
		assertThat(this.changes).hasSize(1);
	}

	@Test
	void levelSinceMovesOnlyOnTransitions() throws InterruptedException {
		MemoryMonitor monitor = monitor(0);
		Instant created = monitor.levelSince();
		Thread.sleep(5);
		monitor.refresh();
		assertThat(monitor.levelSince()).isEqualTo(created);
		this.reading = heap(80, 0, 0);
		monitor.refresh();
		assertThat(monitor.levelSince()).isAfter(created)
			.isEqualTo(Instant.ofEpochMilli(monitor.snapshot().takenAtMillis()));
	}

	@Test
	void outOfMemoryMovesToCriticalAtOnceAndReadingsBringItDown() {
		MemoryMonitor monitor = monitor(0);
		monitor.reportOutOfMemory();
		assertThat(monitor.level()).isEqualTo(CRITICAL);
		monitor.refresh();
		assertThat(monitor.level()).isEqualTo(NORMAL);
	}

	@Test
	void fullHeapOfGarbageNeverTripsTheEmergency() {
		MemoryMonitor monitor = monitor(0.97);
		this.reading = heap(10, 98, 5);
		monitor.refresh();
		monitor.refresh();
		assertThat(monitor.level()).isEqualTo(NORMAL);
		// A collection ran and left little live: it was garbage
		this.reading = heap(12, 98, 6);
		monitor.refresh();
		assertThat(monitor.level()).isEqualTo(NORMAL);
	}

	@Test
	void emergencyTripsOnceACollectionConfirmsAFullHeapWithASubstantialLiveSet() {
		MemoryMonitor monitor = monitor(0.97);
		this.reading = heap(60, 98, 5);
		monitor.refresh();
		assertThat(monitor.level()).isEqualTo(NORMAL);
		this.reading = heap(78, 98, 6);
		monitor.refresh();
		assertThat(monitor.level()).isEqualTo(CRITICAL);
		// Stays tripped within the recovery margin, then falls back to the live-heap
		// level
		this.reading = heap(78, 93, 7);
		assertThat(monitor.refresh().level()).isEqualTo(CRITICAL);
		this.reading = heap(78, 80, 8);
		assertThat(monitor.refresh().level()).isEqualTo(WARNING);
	}

	@Test
	void emergencyTripIsOffByDefault() {
		MemoryMonitor monitor = new MemoryMonitor(this.probe, THRESHOLDS);
		this.reading = heap(78, 99, 5);
		monitor.refresh();
		this.reading = heap(78, 99, 6);
		assertThat(monitor.refresh().level()).isEqualTo(WARNING);
	}

	@Test
	void underAConcurrentCollectorOneCycleFigureDoesNotMoveTheRetainedHeap() {
		MemoryMonitor monitor = monitor(0);
		this.reading = heap(40, 0, 1);
		assertThat(monitor.refresh().retainedBytes()).isEqualTo(40 * MB);
		monitor.collectionStarted();
		long gcCount = 1;
		for (long liveMb : new long[] { 42, 41, 80, 40, 43 }) {
			this.reading = heap(liveMb, 0, ++gcCount);
			monitor.collectionObserved();
			assertThat(monitor.refresh().retainedBytes()).isLessThanOrEqualTo(43 * MB);
		}
		assertThat(this.changes).isEmpty();
		// a real rise shows within a few cycles
		for (int i = 0; i < 3; i++) {
			this.reading = heap(85, 0, ++gcCount);
			monitor.collectionObserved();
			monitor.refresh();
		}
		assertThat(monitor.snapshot().retainedBytes()).isEqualTo(85 * MB);
		assertThat(monitor.level()).isEqualTo(WARNING);
	}

	@Test
	void stopTheWorldCollectionsAreTakenAsTheyCome() {
		MemoryMonitor monitor = monitor(0);
		this.reading = heap(40, 0, 1);
		monitor.refresh();
		this.reading = heap(80, 0, 2);
		assertThat(monitor.refresh().retainedBytes()).isEqualTo(80 * MB);
	}

	@Test
	void aCollectionReadBeforeItIsReportedIsPairedWithWhatIsHeldWhenReadNotWithTheCollectionBefore() {
		MemoryMonitor monitor = monitor(0);
		AtomicLong held = new AtomicLong();
		List<HeapAfterCollection> reconciled = new ArrayList<>();
		monitor.setHeldInFlight(new HeapHeldInFlight() {

			@Override
			public long heldBytes() {
				return held.get();
			}

			@Override
			public long reconcile(HeapAfterCollection collection) {
				reconciled.add(collection);
				return (collection.heldAtCollection() >= 0) ? collection.heldAtCollection() : held.get();
			}

		});
		this.reading = heap(40, 0, 1);
		monitor.collectionObserved();
		assertThat(monitor.refresh().retainedBytes()).isEqualTo(40 * MB);
		// two requests took 25 MB each; the sampler's System.gc() returned and is read
		// at once, before the JVM's notification of it is handled
		held.set(50 * MB);
		this.reading = heap(90, 0, 2);
		assertThat(monitor.refresh().retainedBytes()).isEqualTo(40 * MB);
		assertThat(reconciled.get(1).heldAtCollection()).isEqualTo(-1);
		// the notification comes late: nothing new to read
		monitor.collectionObserved();
		assertThat(monitor.refresh().retainedBytes()).isEqualTo(40 * MB);
		assertThat(reconciled).hasSize(2);
		// a collection reported before it is read is paired with what was held then
		this.reading = heap(70, 0, 3);
		held.set(30 * MB);
		monitor.collectionObserved();
		held.set(0);
		assertThat(monitor.refresh().retainedBytes()).isEqualTo(40 * MB);
		assertThat(reconciled.get(2).heldAtCollection()).isEqualTo(30 * MB);
	}

	private MemoryMonitor monitor(double emergencyTripThreshold) {
		MemoryMonitor monitor = new MemoryMonitor(this.probe, THRESHOLDS, emergencyTripThreshold);
		monitor.addListener(this.changes::add);
		return monitor;
	}

	private static MemoryReading heap(long liveMb, long usedMb, long gcCount) {
		return new MemoryReading(liveMb * MB, 100 * MB, -1, -1, usedMb * MB, gcCount, -1);
	}

}
