package io.memguard.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdmissionController}.
 */
class AdmissionControllerTests {

	private static final long MB = 1024 * 1024;

	// 256 MB heap, 10% margin (25.6 MB), 30 MB live: budget 200.4 MB
	private final AdmissionController admission = new AdmissionController(256 * MB, 0.10, 100, 30 * MB);

	@Test
	void budgetIsMaxHeapMinusLiveSetMinusSafetyMargin() {
		assertThat(this.admission.budget()).isEqualTo(256 * MB - (long) (256 * MB * 0.10) - 30 * MB);
	}

	@Test
	void admitsAFirstSeenRouteOneRequestAtATime() {
		RouteCost route = this.admission.route("/report");
		long first = this.admission.tryAdmit(route);
		assertThat(AdmissionController.isProbe(first)).isTrue();
		assertThat(this.admission.tryAdmit(route)).isEqualTo(AdmissionController.REJECTED);
		this.admission.release(route, first);
		long second = this.admission.tryAdmit(route);
		assertThat(second).isNotEqualTo(AdmissionController.REJECTED);
		this.admission.release(route, second);
	}

	@Test
	void rampsUpTheConcurrencyOfALearningRouteWithItsMeasurements() {
		RouteCost route = this.admission.route("/report");
		this.admission.learn(route, "/report", null, MB);
		this.admission.learn(route, "/report", null, MB);
		long first = this.admission.tryAdmit(route);
		long second = this.admission.tryAdmit(route);
		long third = this.admission.tryAdmit(route);
		assertThat(AdmissionController.isProbe(first)).isTrue();
		assertThat(AdmissionController.isProbe(third)).isTrue();
		assertThat(this.admission.tryAdmit(route)).isEqualTo(AdmissionController.REJECTED);
		this.admission.release(route, first);
		this.admission.release(route, second);
		this.admission.release(route, third);
		assertThat(this.admission.reservedBytes()).isZero();
	}

	@Test
	void stopsProbingOnceARouteHasEnoughMeasurements() {
		RouteCost route = learned("/report", MB);
		long admitted = this.admission.tryAdmit(route);
		assertThat(AdmissionController.isProbe(admitted)).isFalse();
		assertThat(admitted).isEqualTo(MB);
	}

	@Test
	void admitsLearnedRequestsOnlyWhileTheirAllocationsFitTheBudget() {
		RouteCost route = learned("/allocate", 24 * MB);
		List<Long> admitted = new ArrayList<>();
		long admission;
		while ((admission = this.admission.tryAdmit(route)) != AdmissionController.REJECTED) {
			admitted.add(admission);
		}
		// 200.4 MB budget / 24 MB per request
		assertThat(admitted).hasSize(8);
		assertThat(this.admission.reservedBytes()).isEqualTo(8 * 24 * MB);
		assertThat(route.inFlight()).isEqualTo(8);
		this.admission.release(route, admitted.remove(0));
		assertThat(this.admission.tryAdmit(route)).isEqualTo(24 * MB);
	}

	@Test
	void releasingEveryAdmissionReturnsTheAccountingToZero() {
		RouteCost route = learned("/allocate", 24 * MB);
		long first = this.admission.tryAdmit(route);
		long second = this.admission.tryAdmit(route);
		this.admission.release(route, first);
		this.admission.release(route, second);
		assertThat(this.admission.reservedBytes()).isZero();
		assertThat(route.inFlight()).isZero();
	}

	@Test
	void admitsOneRequestWhenNothingIsInFlightEvenOverBudget() {
		RouteCost route = learned("/huge", 512 * MB);
		long admitted = this.admission.tryAdmit(route);
		assertThat(admitted).isEqualTo(512 * MB);
		assertThat(this.admission.tryAdmit(route)).isEqualTo(AdmissionController.REJECTED);
	}

	@Test
	void firstSeenRouteReservesTheLargestLearnedCost() {
		learned("/allocate", 24 * MB);
		RouteCost route = this.admission.route("/new");
		long probe = this.admission.tryAdmit(route);
		assertThat(this.admission.reservedBytes()).isEqualTo(24 * MB);
		this.admission.release(route, probe);
		assertThat(this.admission.reservedBytes()).isZero();
	}

	@Test
	void smoothedCostJumpsUpAtOnceAndFallsSlowly() {
		RouteCost route = learned("/varies", 8 * MB);
		route.record(24 * MB);
		assertThat(route.allocatedBytes()).isEqualTo(24 * MB);
		route.record(0);
		assertThat(route.allocatedBytes()).isEqualTo(21 * MB);
	}

	@Test
	void pathsOfOneRoutePatternShareOneFigure() {
		RouteCost first = this.admission.route("/users/1");
		this.admission.learn(first, "/users/1", "/users/{id}", 2 * MB);
		RouteCost second = this.admission.route("/users/2");
		this.admission.learn(second, "/users/2", "/users/{id}", 4 * MB);
		assertThat(this.admission.route("/users/1")).isSameAs(this.admission.route("/users/2"));
		assertThat(this.admission.route("/users/1").name()).isEqualTo("/users/{id}");
		assertThat(this.admission.route("/users/1").allocatedBytes()).isEqualTo(4 * MB);
		assertThat(this.admission.routes()).extracting(RouteCost::name).containsExactly("/users/{id}");
	}

	@Test
	void pathsBeyondTheRouteLimitShareOneEntry() {
		AdmissionController small = new AdmissionController(256 * MB, 0.10, 2, 0);
		small.route("/a");
		small.route("/b");
		assertThat(small.route("/c").name()).isEqualTo(AdmissionController.OVERFLOW_ROUTE);
		assertThat(small.route("/d")).isSameAs(small.route("/c"));
		assertThat(small.paths()).hasSize(2);
	}

	@Test
	void calibrationSubtractsTheReservationsInFlightFromTheHeapAfterGc() {
		RouteCost route = learned("/allocate", 24 * MB);
		this.admission.tryAdmit(route);
		this.admission.tryAdmit(route);
		this.admission.calibrate(70 * MB, false);
		assertThat(this.admission.liveBaseline()).isEqualTo(22 * MB);
		assertThat(this.admission.costFactor()).isEqualTo(1);
	}

	@Test
	void minorGcRaisesTheLiveSetOnlyAQuarterAtATimeAsOldGarbageInflatesIt() {
		this.admission.calibrate(70 * MB, false);
		assertThat(this.admission.liveBaseline()).isEqualTo(40 * MB);
		this.admission.calibrate(90 * MB, true);
		assertThat(this.admission.liveBaseline()).isEqualTo(90 * MB);
	}

	@Test
	void heapFullAfterAMajorGcDespiteTheBudgetRaisesTheCostOfEveryRoute() {
		RouteCost route = learned("/humongous", 24 * MB);
		long first = this.admission.tryAdmit(route);
		this.admission.calibrate(240 * MB, false);
		assertThat(this.admission.costFactor()).isEqualTo(1);
		this.admission.calibrate(240 * MB, true);
		this.admission.release(route, first);
		assertThat(this.admission.costFactor()).isEqualTo(1.25);
		assertThat(this.admission.tryAdmit(route)).isEqualTo(30 * MB);
		for (int i = 0; i < 100; i++) {
			this.admission.calibrate(10 * MB, false);
		}
		assertThat(this.admission.costFactor()).isEqualTo(1);
	}

	@Test
	void outOfMemoryDoublesTheCostFactorOnce() {
		this.admission.reportOutOfMemory();
		this.admission.reportOutOfMemory();
		assertThat(this.admission.costFactor()).isEqualTo(2);
	}

	@Test
	void neverAdmitsPastTheBudgetUnderContention() throws Exception {
		RouteCost route = learned("/allocate", 10 * MB);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			AtomicLong maxReserved = new AtomicLong();
			AtomicInteger overBudget = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < 20_000; i++) {
						long admitted = this.admission.tryAdmit(route);
						if (admitted != AdmissionController.REJECTED) {
							long reserved = this.admission.reservedBytes();
							maxReserved.accumulateAndGet(reserved, Math::max);
							if (reserved > this.admission.budget()) {
								overBudget.incrementAndGet();
							}
							this.admission.release(route, admitted);
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
			assertThat(overBudget).hasValue(0);
			assertThat(maxReserved.get()).isLessThanOrEqualTo(this.admission.budget());
			assertThat(this.admission.reservedBytes()).isZero();
			assertThat(route.inFlight()).isZero();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private RouteCost learned(String path, long bytes) {
		RouteCost route = this.admission.route(path);
		for (int i = 0; i < AdmissionController.LEARNING_SAMPLES; i++) {
			this.admission.learn(route, path, null, bytes);
		}
		return route;
	}

}
