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
class AdmissionMetrics implements MeterBinder {

	private final MemoryAdmission admission;

	public AdmissionMetrics(MemoryAdmission admission) {
		this.admission = admission;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memguard.web.admission.budget", this.admission, MemoryAdmission::budget)
			.description("Heap bytes admitted requests may hold: retention capacity minus safety margin minus "
					+ "retained heap")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("memguard.web.admission.reserved", this.admission, MemoryAdmission::reservedBytes)
			.description("Heap bytes the requests in flight are expected to hold")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("memguard.web.admission.cost.factor", this.admission, MemoryAdmission::costFactor)
			.description("Factor scaling learned costs after the heap filled despite the budget")
			.register(registry);
		Gauge.builder("memguard.web.admission.waiting", this.admission, MemoryAdmission::waiting)
			.description("Requests waiting for room")
			.register(registry);
		for (MemoryAdmission.WaitOutcome outcome : MemoryAdmission.WaitOutcome.values()) {
			FunctionCounter
				.builder("memguard.web.admission.waits", this.admission, (admission) -> admission.waitOutcomes(outcome))
				.description("Requests that did not fit at once, by how their wait ended")
				.tag("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(registry);
		}
	}

}
