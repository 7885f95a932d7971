package io.memguard.memory;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the memory-pressure signal: a {@link MemoryMonitor} fed by GC
 * notifications and a sampler, with every {@link MemoryPressureListener} bean registered.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MemoryProperties.class)
public final class MemoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryProbe memguardMemoryProbe(MemoryProperties properties) {
		MemoryProperties.Container container = properties.getContainer();
		return new JvmMemoryProbe(container.isEnabled() ? new CgroupMemory(container.getCgroupRoot()) : null);
	}

	@Bean
	@ConditionalOnMissingBean
	MemoryMonitor memguardMemoryMonitor(MemoryProbe probe, MemoryProperties properties,
			ObjectProvider<MemoryPressureListener> listeners) {
		MemoryProperties.EmergencyTrip emergencyTrip = properties.getEmergencyTrip();
		MemoryMonitor monitor = new MemoryMonitor(probe, properties.toThresholds(),
				emergencyTrip.isEnabled() ? emergencyTrip.getThreshold() : 0, properties.getMinDwell(),
				properties.getConfirmationGcInterval());
		listeners.orderedStream().forEach(monitor::addListener);
		return monitor;
	}

	@Bean
	@ConditionalOnMissingBean
	MemorySampler memguardMemorySampler(MemoryMonitor monitor, MemoryProperties properties) {
		return new MemorySampler(monitor, properties.getSampleInterval(), properties.getRecoveryGcInterval(),
				properties.getConfirmationGcInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MemoryMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MemoryMetrics memguardMemoryMetrics(MemoryMonitor monitor) {
			return new MemoryMetrics(monitor);
		}

	}

}
