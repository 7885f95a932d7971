package io.memguard.websocket;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSessionLeaseStore}.
 */
class LocalSessionLeaseStoreTests {

	private final LocalSessionLeaseStore store = new LocalSessionLeaseStore();

	private final SessionQuota alice = new SessionQuota("user:/ws", "alice", 2);

	private final SessionQuota room = new SessionQuota("room:/ws", "blue", 3);

	@Test
	void takesEveryQuotaOrNone() {
		this.store.tryAcquire(List.of(this.room));
		this.store.tryAcquire(List.of(this.room));
		this.store.tryAcquire(List.of(this.room));
		SessionAdmission refused = this.store.tryAcquire(List.of(this.alice, this.room));
		assertThat(refused.isAdmitted()).isFalse();
		assertThat(refused.refusedBy()).isEqualTo(this.room);
		assertThat(this.store.count(this.alice)).isZero();
		assertThat(this.store.count(this.room)).isEqualTo(3);
	}

	@Test
	void leaseGivesItsCountsBackOnceAndEmptyCountersDisappear() {
		SessionLease lease = this.store.tryAcquire(List.of(this.alice, this.room)).lease();
		assertThat(this.store.counterCount()).isEqualTo(2);
		assertThat(lease.release()).isTrue();
		assertThat(lease.release()).isFalse();
		assertThat(lease.isReleased()).isTrue();
		assertThat(this.store.count(this.alice)).isZero();
		assertThat(this.store.counterCount()).isZero();
	}

	@Test
	void busiestKeysComeMostFirstAndBounded() {
		for (int i = 0; i < 5; i++) {
			for (int sessions = 0; sessions <= i; sessions++) {
				this.store.tryAcquire(List.of(new SessionQuota("user:/ws", "user" + i, 10)));
			}
		}
		this.store.tryAcquire(List.of(new SessionQuota("room:/ws", "elsewhere", 10)));
		assertThat(this.store.busiest("user:/ws", 3)).containsExactly(new SessionCount("user4", 5),
				new SessionCount("user3", 4), new SessionCount("user2", 3));
	}

	@Test
	void concurrentSessionsNeverRacePastACapAndLeaveNothingBehind() throws Exception {
		SessionQuota shared = new SessionQuota("room:/ws", "crowded", 5);
		AtomicInteger admitted = new AtomicInteger();
		AtomicInteger maxSeen = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		CountDownLatch done = new CountDownLatch(8);
		for (int thread = 0; thread < 8; thread++) {
			String user = "user" + thread;
			executor.execute(() -> {
				for (int i = 0; i < 20_000; i++) {
					SessionAdmission admission = this.store
						.tryAcquire(List.of(new SessionQuota("user:/ws", user, 1), shared));
					if (admission.isAdmitted()) {
						admitted.incrementAndGet();
						maxSeen.accumulateAndGet(this.store.count(shared), Math::max);
						admission.lease().release();
					}
				}
				done.countDown();
			});
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
		executor.shutdown();
		assertThat(admitted.get()).isPositive();
		assertThat(maxSeen.get()).isLessThanOrEqualTo(5);
		assertThat(this.store.counterCount()).isZero();
	}

}
