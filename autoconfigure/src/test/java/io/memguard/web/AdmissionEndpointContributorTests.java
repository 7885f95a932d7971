package io.memguard.web;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdmissionEndpointContributor} and {@link AdmissionMetrics}.
 */
class AdmissionEndpointContributorTests {

	private static final long MB = 1024 * 1024;

	private final AdmissionController admission = new AdmissionController(256 * MB, 0.25, 100, 32 * MB);

	@Test
	void showsTheBudgetAndPerRouteFiguresInTheAdmissionSection() {
		RouteCost route = this.admission.route("/orders/1");
		this.admission.learn(route, "/orders/1", "/orders/{id}", 2 * MB);
		this.admission.tryAdmit(this.admission.route("/orders/1"));
		AdmissionEndpointContributor contributor = new AdmissionEndpointContributor(this.admission);
		assertThat(contributor.sectionName()).isEqualTo("admission");
		@SuppressWarnings("unchecked")
		Map<String, Object> section = (Map<String, Object>) contributor.section();
		assertThat(section).containsEntry("budgetBytes", 160 * MB)
			.containsEntry("reservedBytes", 2 * MB)
			.containsEntry("liveBaselineBytes", 32 * MB);
		assertThat((List<?>) section.get("routes")).singleElement()
			.isEqualTo(Map.of("route", "/orders/{id}", "learned", true, "allocatedBytesPerRequest", 2 * MB, "samples",
					1L, "inFlight", 1L));
	}

	@Test
	void publishesTheBudgetAndReservationsAsGauges() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new AdmissionMetrics(this.admission).bindTo(registry);
		RouteCost route = this.admission.route("/report");
		this.admission.learn(route, "/report", null, 8 * MB);
		this.admission.tryAdmit(route);
		assertThat(registry.get("memguard.web.admission.budget").gauge().value()).isEqualTo(160.0 * MB);
		assertThat(registry.get("memguard.web.admission.reserved").gauge().value()).isEqualTo(8.0 * MB);
		assertThat(registry.get("memguard.web.admission.cost.factor").gauge().value()).isEqualTo(1.0);
	}

}
