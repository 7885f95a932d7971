package io.memguard.web.admission;

import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the admission budget, the bytes reserved by requests in flight, the cost
 * factor and the waiting requests as {@code memguard.web.admission.*} meters.
 */
public class AdmissionMetrics implements MeterBinder {

	private final AdmissionController admission;

	public AdmissionMetrics(AdmissionController admission) {
		this.admission = admission;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memguard.web.admission.budget", this.admission, AdmissionController::budget)
			.description("Heap bytes admitted requests may hold: retention capacity minus safety margin minus "
					+ "retained heap")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("memguard.web.admission.reserved", this.admission, AdmissionController::reservedBytes)
			.description("Heap bytes the requests in flight are expected to hold")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("memguard.web.admission.cost.factor", this.admission, AdmissionController::costFactor)
			.description("Factor scaling learned costs after the heap filled despite the budget")
			.register(registry);
		Gauge.builder("memguard.web.admission.waiting", this.admission, AdmissionController::waiting)
			.description("Requests waiting for room")
			.register(registry);
		for (AdmissionController.WaitOutcome outcome : AdmissionController.WaitOutcome.values()) {
			FunctionCounter
				.builder("memguard.web.admission.waits", this.admission, (admission) -> admission.waitOutcomes(outcome))
				.description("Requests that did not fit at once, by how their wait ended")
				.tag("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(registry);
		}
	}

}
