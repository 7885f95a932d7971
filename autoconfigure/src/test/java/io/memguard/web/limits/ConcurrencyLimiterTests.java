package io.memguard.web.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.memguard.web.limits.ConcurrencyLimiter.Admission;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConcurrencyLimiter}.
 */
class ConcurrencyLimiterTests {

	@Test
	void refusesOverTheGlobalCapAndAdmitsAgainAfterARelease() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 0);
		assertThat(limiter.tryAcquire("a")).isEqualTo(Admission.ADMITTED);
		assertThat(limiter.tryAcquire("b")).isEqualTo(Admission.ADMITTED);
		assertThat(limiter.tryAcquire("c")).isEqualTo(Admission.CONCURRENCY);
		limiter.release("a");
		assertThat(limiter.tryAcquire("c")).isEqualTo(Admission.ADMITTED);
		assertThat(limiter.inFlight()).isEqualTo(2);
	}

	@Test
	void refusesAClientOverItsCapWhileOthersPassAndDoesNotCountTheRefusalGlobally() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(10, 1);
		assertThat(limiter.tryAcquire("a")).isEqualTo(Admission.ADMITTED);
		assertThat(limiter.tryAcquire("a")).isEqualTo(Admission.CLIENT_LIMIT);
		assertThat(limiter.tryAcquire("b")).isEqualTo(Admission.ADMITTED);
		assertThat(limiter.inFlight()).isEqualTo(2);
	}

	@Test
	void sharedCountsAreAskedOnlyForWhatTheLocalCountAdmitsAndARefusalGivesTheLocalPlaceBack() {
		List<String> asked = new ArrayList<>();
		List<String> released = new ArrayList<>();
		ClientLeaseStore sharedCounts = new ClientLeaseStore() {

			@Override
			public boolean tryAcquire(String clientKey, int maxPerClient) {
				asked.add(clientKey);
				return !clientKey.equals("busy-elsewhere");
			}

			@Override
			public void release(String clientKey) {
				released.add(clientKey);
			}

		};
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(10, 1, sharedCounts);
		assertThat(limiter.tryAcquire("a")).isEqualTo(Admission.ADMITTED);
		assertThat(limiter.tryAcquire("a")).isEqualTo(Admission.CLIENT_LIMIT);
		assertThat(limiter.tryAcquire("busy-elsewhere")).isEqualTo(Admission.CLIENT_LIMIT);
		assertThat(asked).containsExactly("a", "busy-elsewhere");
		assertThat(limiter.inFlight()).isOne();
		assertThat(limiter.inFlight("busy-elsewhere")).isZero();
		limiter.release("a");
		assertThat(released).containsExactly("a");
		assertThat(limiter.clientCount()).isZero();
	}

	@Test
	void sharedCountsAreNeverAskedWithoutAPerClientCap() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(10, 0, new ClientLeaseStore() {

			@Override
			public boolean tryAcquire(String clientKey, int maxPerClient) {
				throw new AssertionError("asked");
			}

			@Override
			public void release(String clientKey) {
				throw new AssertionError("asked");
			}

		});
		assertThat(limiter.tryAcquire("")).isEqualTo(Admission.ADMITTED);
		limiter.release("");
		assertThat(limiter.inFlight()).isZero();
	}

	@Test
	void clientCounterIsRemovedWhenItDropsToZero() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(0, 3);
		limiter.tryAcquire("a");
		limiter.tryAcquire("a");
		limiter.release("a");
		assertThat(limiter.inFlight("a")).isOne();
		limiter.release("a");
		assertThat(limiter.clientCount()).isZero();
	}

	@Test
	void capsAreNeverExceededUnderContention() throws Exception {
		int globalCap = 6;
		int clientCap = 2;
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(globalCap, clientCap);
		String[] clients = { "a", "b", "c", "d", "e" };
		AtomicInteger[] holding = new AtomicInteger[clients.length];
		AtomicInteger holdingTotal = new AtomicInteger();
		AtomicInteger maxTotal = new AtomicInteger();
		AtomicInteger maxPerClient = new AtomicInteger();
		for (int i = 0; i < clients.length; i++) {
			holding[i] = new AtomicInteger();
		}
		int threads = 24;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int client = t % clients.length;
			futures.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < 20_000; i++) {
					if (limiter.tryAcquire(clients[client]) == Admission.ADMITTED) {
						maxTotal.accumulateAndGet(holdingTotal.incrementAndGet(), Math::max);
						maxPerClient.accumulateAndGet(holding[client].incrementAndGet(), Math::max);
						Thread.yield();
						holding[client].decrementAndGet();
						holdingTotal.decrementAndGet();
						limiter.release(clients[client]);
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(2, TimeUnit.MINUTES);
		}
		executor.shutdown();
		assertThat(maxTotal.get()).isLessThanOrEqualTo(globalCap);
		assertThat(maxPerClient.get()).isLessThanOrEqualTo(clientCap);
		assertThat(limiter.inFlight()).isZero();
		assertThat(limiter.clientCount()).isZero();
	}

}
