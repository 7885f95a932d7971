package io.memguard.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the admission budget, the bytes reserved by requests in flight and the cost
 * factor as {@code memguard.web.admission.*} gauges.
 */
public class AdmissionMetrics implements MeterBinder {

	private final AdmissionController admission;

	public AdmissionMetrics(AdmissionController admission) {
		this.admission = admission;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memguard.web.admission.budget", this.admission, AdmissionController::budget)
			.description("Heap bytes admitted requests may reserve: max heap minus live set minus safety margin")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("memguard.web.admission.reserved", this.admission, AdmissionController::reservedBytes)
			.description("Heap bytes reserved by the requests in flight")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("memguard.web.admission.cost.factor", this.admission, AdmissionController::costFactor)
			.description("Factor scaling learned allocations after the heap filled despite the budget")
			.register(registry);
	}

}
