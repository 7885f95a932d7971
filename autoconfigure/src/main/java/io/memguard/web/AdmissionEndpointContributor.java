package io.memguard.web;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.actuate.MemoryEndpointContributor;

/**
 * The {@code admission} section of {@code /actuator/memory}: the budget and, per route,
 * the learned bytes per request and the requests in flight.
 */
public class AdmissionEndpointContributor implements MemoryEndpointContributor {

	private final AdmissionController admission;

	public AdmissionEndpointContributor(AdmissionController admission) {
		this.admission = admission;
	}

	@Override
	public String sectionName() {
		return "admission";
	}

	@Override
	public Object section() {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("heapMaxBytes", this.admission.heapMax());
		section.put("liveBaselineBytes", this.admission.liveBaseline());
		section.put("safetyMarginBytes", this.admission.safetyMarginBytes());
		section.put("budgetBytes", this.admission.budget());
		section.put("reservedBytes", this.admission.reservedBytes());
		section.put("costFactor", this.admission.costFactor());
		List<Map<String, Object>> routes = this.admission.routes()
			.stream()
			.sorted(Comparator.comparingLong(RouteCost::allocatedBytes).reversed().thenComparing(RouteCost::name))
			.map(AdmissionEndpointContributor::describe)
			.toList();
		section.put("routes", routes);
		return section;
	}

	private static Map<String, Object> describe(RouteCost route) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("route", route.name());
		description.put("learned", route.isLearned());
		description.put("allocatedBytesPerRequest", route.allocatedBytes());
		description.put("samples", route.samples());
		description.put("inFlight", route.inFlight());
		return description;
	}

}
