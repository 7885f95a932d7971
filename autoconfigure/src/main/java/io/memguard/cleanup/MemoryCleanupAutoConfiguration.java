package io.memguard.cleanup;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MemoryCleanup}, its full-collection step and,
 * optionally, the {@link CriticalCleanupListener}. The cache and pool steps come with
 * their capabilities.
 */
@AutoConfiguration(after = MemoryAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBean(MemoryMonitor.class)
@EnableConfigurationProperties(MemoryCleanupProperties.class)
public final class MemoryCleanupAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryCleanup memguardMemoryCleanup(MemoryMonitor monitor, ObjectProvider<MemoryCleanupStep> steps) {
		return new MemoryCleanup(monitor, steps.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	GarbageCollectionCleanupStep memguardGarbageCollectionCleanupStep() {
		return new GarbageCollectionCleanupStep();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("memguard.cleanup.on-critical.enabled")
	CriticalCleanupListener memguardCriticalCleanupListener(ObjectProvider<MemoryCleanup> cleanup,
			MemoryCleanupProperties properties) {
		return new CriticalCleanupListener(cleanup::getObject, properties.getOnCritical().getAfter());
	}

}
