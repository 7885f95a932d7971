package io.memguard.actuate;

import java.util.List;

import io.memguard.cleanup.MemoryCleanup;
import io.memguard.cleanup.MemoryCleanupAutoConfiguration;
import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MemoryEndpoint} ({@code /actuator/memory}).
 */
@AutoConfiguration(after = { MemoryAutoConfiguration.class, MemoryCleanupAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBean(MemoryMonitor.class)
@EnableConfigurationProperties(MemoryEndpointProperties.class)
public final class MemoryEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	MemoryEndpoint memoryEndpoint(MemoryMonitor monitor, ObjectProvider<MemoryEndpointContributor> contributors,
			MemoryEndpointProperties properties, ObjectProvider<MemoryCleanup> cleanup) {
		List<MemoryEndpointContributor> sections = contributors.orderedStream().toList();
		MemoryCleanup configured = cleanup.getIfAvailable();
		return (configured != null)
				? new MemoryEndpoint(monitor, sections, properties.getShowDetails(), properties.getRoles(), configured)
				: new MemoryEndpoint(monitor, sections, properties.getShowDetails(), properties.getRoles());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MemoryEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	MemoryEndpointWebExtension memoryEndpointWebExtension(MemoryEndpoint endpoint) {
		return new MemoryEndpointWebExtension(endpoint);
	}

}
