package io.memguard.web.admission;

import io.memguard.actuate.ConditionalOnMemoryEndpoint;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What admission reports: its section of {@code /actuator/memory} and its metrics.
 * Imported by the auto-configuration that creates the {@link MemoryAdmission}.
 */
@Configuration(proxyBeanMethods = false)
public final class AdmissionReportingConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	AdmissionMemorySection memguardAdmissionMemorySection(MemoryAdmission admission) {
		return new AdmissionMemorySection(admission);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class AdmissionMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdmissionMetrics memguardAdmissionMetrics(MemoryAdmission admission) {
			return new AdmissionMetrics(admission);
		}

	}

}
