package io.memguard.actuate;

import java.util.Set;
import java.util.stream.Collectors;

import io.memguard.cache.MemguardCacheAutoConfiguration;
import io.memguard.heapdump.HeapDumpAutoConfiguration;
import io.memguard.memory.MemoryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /actuator/memory} sections of the capabilities exist only when the endpoint
 * that shows them does.
 */
class MemorySectionsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class, MemoryEndpointAutoConfiguration.class,
				CacheAutoConfiguration.class, MemguardCacheAutoConfiguration.class, HeapDumpAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("memguard.heap-dump.enabled=true");

	@Test
	void sectionsAreCreatedAndShownWhenTheEndpointIsExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
			assertThat(sectionNames(context)).containsExactlyInAnyOrder("caches", "heapDumps");
			assertThat(context.getBean(MemoryEndpoint.class).memory(SecurityContext.NONE).getSections())
				.containsKeys("caches", "heapDumps");
		});
	}

	@Test
	void noSectionIsCreatedWhenTheEndpointIsNotExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MemoryEndpoint.class);
			assertThat(sectionNames(context)).isEmpty();
		});
	}

	@Test
	void noSectionIsCreatedWhenTheEndpointsAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memory",
					"management.endpoint.memory.access=NONE")
			.run((context) -> assertThat(sectionNames(context)).isEmpty());
	}

	@Test
	void capabilitiesWorkWithoutTheActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=memory")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CacheManager.class).getCache("words")).isNotNull();
				assertThat(sectionNames(context)).isEmpty();
			});
	}

	private static Set<String> sectionNames(AssertableApplicationContext context) {
		return context.getBeansOfType(MemoryEndpointContributor.class)
			.values()
			.stream()
			.map(MemoryEndpointContributor::sectionName)
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
