package io.memguard.memory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

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
	MemoryProbe memguardMemoryProbe() {
		return new JvmMemoryProbe();
	}

	@Bean
	@ConditionalOnMissingBean
	MemoryMonitor memguardMemoryMonitor(MemoryProbe probe, MemoryProperties properties,
			ObjectProvider<MemoryPressureListener> listeners) {
		MemoryMonitor monitor = new MemoryMonitor(probe, properties.toThresholds());
		listeners.orderedStream().forEach(monitor::addListener);
		return monitor;
	}

	@Bean
	@ConditionalOnMissingBean
	MemorySampler memguardMemorySampler(MemoryMonitor monitor, MemoryProperties properties) {
		return new MemorySampler(monitor, properties.getSampleInterval());
	}

}
