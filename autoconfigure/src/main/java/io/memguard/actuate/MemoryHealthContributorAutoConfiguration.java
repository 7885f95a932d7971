package io.memguard.actuate;

import java.time.Clock;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code memory} health indicator
 * ({@code management.health.memory.enabled}).
 */
@AutoConfiguration(after = MemoryAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBean(MemoryMonitor.class)
@ConditionalOnEnabledHealthIndicator("memory")
@EnableConfigurationProperties(MemoryProperties.class)
public final class MemoryHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "memoryHealthIndicator")
	MemoryHealthIndicator memoryHealthIndicator(MemoryMonitor monitor, MemoryProperties properties) {
		return new MemoryHealthIndicator(monitor, properties.getHealth().getDownAfter(), Clock.systemUTC());
	}

}
