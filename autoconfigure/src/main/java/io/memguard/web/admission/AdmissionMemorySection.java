package io.memguard.web.admission;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.actuate.MemoryEndpointContributor;

/**
 * The {@code admission} section of {@code /actuator/memory}: the budget, the requests
 * waiting and, per route pattern, what a request allocates and holds. Only patterns of
 * the application's own mappings are listed, never request paths.
 */
class AdmissionMemorySection implements MemoryEndpointContributor {

	private final MemoryAdmission admission;

	public AdmissionMemorySection(MemoryAdmission admission) {
		this.admission = admission;
	}

	@Override
	public String sectionName() {
		return "admission";
	}

	@Override
	public Object section() {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("budgetBytes", this.admission.budget());
		section.put("reservedBytes", this.admission.reservedBytes());
		section.put("safetyMargin", this.admission.settings().safetyMargin());
		section.put("costFactor", this.admission.costFactor());
		section.put("unknownRouteBytes", this.admission.prior());
		Map<String, Object> waits = new LinkedHashMap<>();
		waits.put("waiting", this.admission.waiting());
		waits.put("maxQueue", this.admission.settings().maxQueue());
		waits.put("maxWaitMillis", this.admission.settings().maxWait().toMillis());
		for (MemoryAdmission.WaitOutcome outcome : MemoryAdmission.WaitOutcome.values()) {
			waits.put(outcomeName(outcome), this.admission.waitOutcomes(outcome));
		}
		section.put("waits", waits);
		List<Map<String, Object>> routes = this.admission.routes()
			.stream()
			.sorted(Comparator.comparingLong(this.admission::expectedHeld).reversed().thenComparing(RouteCost::pattern))
			.map(this::describe)
			.toList();
		section.put("routes", routes);
		return section;
	}

	private Map<String, Object> describe(RouteCost route) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("route", route.pattern());
		description.put("learned", route.isLearned());
		description.put("allocatedBytesPerRequest", route.allocatedBytes());
		description.put("holdRatio", route.holdRatio());
		description.put("expectedHeldBytes", this.admission.expectedHeld(route));
		description.put("samples", route.samples());
		description.put("inFlight", route.inFlight());
		return description;
	}

	private static String outcomeName(MemoryAdmission.WaitOutcome outcome) {
		return switch (outcome) {
			case ADMITTED -> "admittedAfterWaiting";
			case TIMED_OUT -> "timedOut";
			case DISPLACED -> "displaced";
			case QUEUE_FULL -> "queueFull";
		};
	}

}
