package io.memguard.web.admission;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdmissionMemorySection} and {@link AdmissionMetrics}.
 */
class AdmissionMemorySectionTests {

	private static final long MB = 1024 * 1024;

	// 256 MB heap, 25% margin, 32 MB retained: budget 160 MB
	private final MemoryAdmission admission = new MemoryAdmission(
			new MemoryMonitor(() -> new MemoryReading(32 * MB, 256 * MB, -1, -1),
					new MemoryThresholds(0.75, 0.9, 0.05)),
			new MemoryAdmission.Settings(0.25, 100, MB, 0.5, Duration.ofSeconds(2), 10));

	@Test
	void showsTheBudgetWaitsAndPerRoutePatternFiguresInTheAdmissionSection() {
		this.admission.learn("/orders/{id}", 200, 2 * MB);
		this.admission.tryAdmit(this.admission.route("/orders/1"), RequestPriority.NORMAL);
		AdmissionMemorySection contributor = new AdmissionMemorySection(this.admission);
		assertThat(contributor.sectionName()).isEqualTo("admission");
		@SuppressWarnings("unchecked")
		Map<String, Object> section = (Map<String, Object>) contributor.section();
		assertThat(section).containsEntry("budgetBytes", 160 * MB)
			.containsEntry("reservedBytes", 2 * MB)
			.containsEntry("safetyMargin", 0.25)
			.containsEntry("unknownRouteBytes", 32 * MB);
		assertThat(section.get("waits")).isEqualTo(Map.of("waiting", 0, "maxQueue", 10, "maxWaitMillis", 2000L,
				"admittedAfterWaiting", 0L, "timedOut", 0L, "displaced", 0L, "queueFull", 0L));
		assertThat((List<?>) section.get("routes")).singleElement()
			.isEqualTo(Map.of("route", "/orders/{id}", "learned", true, "allocatedBytesPerRequest", 2 * MB, "holdRatio",
					1.0, "expectedHeldBytes", 2 * MB, "samples", 1L, "inFlight", 1L));
	}

	@Test
	void listsNoRequestPathOnlyPatterns() {
		this.admission.learn(null, 404, MB);
		this.admission.tryAdmit(this.admission.route("/secret-token-123"), RequestPriority.NORMAL);
		@SuppressWarnings("unchecked")
		Map<String, Object> section = (Map<String, Object>) new AdmissionMemorySection(this.admission).section();
		assertThat(section.toString()).doesNotContain("secret-token");
		assertThat((List<?>) section.get("routes")).isEmpty();
	}

	@Test
	void publishesTheBudgetReservationsAndWaitsAsMeters() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new AdmissionMetrics(this.admission).bindTo(registry);
		this.admission.learn("/report", 200, 8 * MB);
		this.admission.tryAdmit(this.admission.route("/report"), RequestPriority.NORMAL);
		assertThat(registry.get("memguard.web.admission.budget").gauge().value()).isEqualTo(160.0 * MB);
		assertThat(registry.get("memguard.web.admission.reserved").gauge().value()).isEqualTo(8.0 * MB);
		assertThat(registry.get("memguard.web.admission.cost.factor").gauge().value()).isEqualTo(1.0);
		assertThat(registry.get("memguard.web.admission.waiting").gauge().value()).isZero();
		assertThat(registry.get("memguard.web.admission.waits").tag("outcome", "timed-out").functionCounter().count())
			.isZero();
	}

}
