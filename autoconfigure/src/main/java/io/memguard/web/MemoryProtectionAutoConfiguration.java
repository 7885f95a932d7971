package io.memguard.web;

import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.actuate.ConditionalOnMemoryEndpoint;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link MemoryProtectionFilter}: shedding by memory-pressure
 * level and priority, and memory-aware admission on the servlet stack.
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
		if (admissionController != null && (counter.currentThreadAllocatedBytes() < 0
				|| environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false))) {
			logger.info("Request threads' allocations cannot be measured here (virtual threads, or a JVM without "
					+ "the counter): admission learns what each route holds from the heap after collections only");
		}
		MemoryProtectionFilter filter = new MemoryProtectionFilter(monitor, admissionController, counter, rejections,
				new MemoryProtectionFilter.Settings(exemptPaths, shed.getCriticalPaths(), shed.getLowPriorityPaths(),
						shed.getPriorityHeader(), shed.getRetryAfter(), shed.isCloseConnection(),
						properties.getAdmission().getSampleEvery()));
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
			double safetyMargin = (admission.getSafetyMargin() != null) ? admission.getSafetyMargin()
					: AdmissionController.defaultSafetyMargin();
			AdmissionController controller = new AdmissionController(monitor,
					new AdmissionController.Settings(safetyMargin, admission.getMaxRoutes(),
							admission.getCheapRequestSize().toBytes(), admission.getLowPriorityShare(),
							admission.getMaxWait(), admission.getMaxQueue()));
			monitor.setHeldInFlight(controller);
			return controller;
		}

		@Bean
		ApplicationListener<ApplicationReadyEvent> memguardAdmissionStartedListener(AdmissionController admission,
				MemoryMonitor monitor) {
			// before readiness reports traffic welcome: a budget from a retained heap
			// that
			// start-up had not finished loading would admit too much
			return (event) -> {
				admission.applicationStarted();
				monitor.refreshAfterFullCollection();
			};
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnMemoryEndpoint
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
