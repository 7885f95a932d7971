package io.memguard.heapdump;

import java.time.Clock;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.memguard.actuate.ConditionalOnMemoryEndpoint;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of heap dumps on trouble ({@code memguard.heap-dump.enabled=true}):
 * the {@link HeapDumper}, a memory-pressure listener, and its section of
 * {@code /actuator/memory}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("memguard.heap-dump.enabled")
@ConditionalOnClass(HotSpotDiagnosticMXBean.class)
@EnableConfigurationProperties(HeapDumpProperties.class)
public final class HeapDumpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HeapDumper memguardHeapDumper(HeapDumpProperties properties) {
		return new HeapDumper(properties.getDirectory(), properties.getMinInterval(), properties.getKeep(),
				Runtime.getRuntime().maxMemory() + properties.getDiskMargin().toBytes(), HeapDumpWriter.liveObjects(),
				Clock.systemUTC());
	}

	@Bean
	@Lazy // only /actuator/memory reads it
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	HeapDumpsMemorySection memguardHeapDumpsMemorySection(HeapDumper dumper) {
		return new HeapDumpsMemorySection(dumper);
	}

}
