package io.memguard.web;

import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link MemoryProtectionFilter}: shedding by memory-pressure
 * level and allocation-aware admission on the servlet stack.
 */
@AutoConfiguration(after = { MemoryAutoConfiguration.class, WebProtectionAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBean({ MemoryMonitor.class, RequestRejections.class })
@EnableConfigurationProperties(MemoryProtectionProperties.class)
public final class MemoryProtectionAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MemoryProtectionAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingFilterBean(MemoryProtectionFilter.class)
	FilterRegistrationBean<MemoryProtectionFilter> memguardMemoryProtectionFilter(MemoryMonitor monitor,
			ObjectProvider<AdmissionController> admission, ObjectProvider<ThreadAllocationCounter> allocations,
			RequestRejections rejections, MemoryProtectionProperties properties, Environment environment) {
		MemoryProtectionProperties.Shed shed = properties.getShed();
		List<String> exemptPaths = shed.getExemptPaths().isEmpty() ? PathPatterns.belowActuatorBasePath(environment)
				: shed.getExemptPaths();
		ThreadAllocationCounter counter = allocations.getIfAvailable(ThreadAllocationCounter::jvm);
		AdmissionController admissionController = admission.getIfAvailable();
		if (admissionController != null && counter.currentThreadAllocatedBytes() < 0) {
			logger.warn("This JVM does not measure thread allocations; memory protection sheds by level only");
			admissionController = null;
		}
		MemoryProtectionFilter filter = new MemoryProtectionFilter(monitor, admissionController, counter, rejections,
				exemptPaths, shed.getLowPriorityPaths(), shed.getRetryAfter(),
				properties.getAdmission().getSampleEvery());
		FilterRegistrationBean<MemoryProtectionFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(MemoryProtectionFilter.ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "memguard.web.admission.enabled", matchIfMissing = true)
	static class AdmissionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdmissionController memguardAdmissionController(MemoryMonitor monitor, MemoryProtectionProperties properties) {
			MemoryProtectionProperties.Admission admission = properties.getAdmission();
			long heapMax = Runtime.getRuntime().maxMemory();
			long liveSet = Math.max(monitor.snapshot().heapUsedAfterGc(),
					Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
			return new AdmissionController(heapMax, admission.getSafetyMargin(), admission.getMaxRoutes(), liveSet);
		}

		@Bean
		@ConditionalOnMissingBean
		GcAdmissionCalibrator memguardGcAdmissionCalibrator(AdmissionController admission) {
			return new GcAdmissionCalibrator(admission);
		}

		@Bean
		@ConditionalOnMissingBean
		AdmissionEndpointContributor memguardAdmissionEndpointContributor(AdmissionController admission) {
			return new AdmissionEndpointContributor(admission);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterBinder.class)
		static class AdmissionMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			AdmissionMetrics memguardAdmissionMetrics(AdmissionController admission) {
				return new AdmissionMetrics(admission);
			}

		}

	}

}
