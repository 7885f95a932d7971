package io.memguard.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.memguard.actuate.ConditionalOnMemoryEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Role;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/**
 * Auto-configuration of bounded, self-invalidating caches. It has the
 * {@link CaffeineCacheManager} of Spring Boot's cache auto-configuration built as one
 * whose own hooks decorate every cache (so {@code spring.cache.*}, cache customizers,
 * cache metrics and {@code /actuator/caches} keep working) and hooks entity changes
 * (Hibernate events), {@code @Modifying} repository queries and {@link InvalidatesCaches}
 * methods to after-commit invalidation.
 */
@AutoConfiguration(after = CacheAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "memguard.cache.enabled", matchIfMissing = true)
@ConditionalOnClass({ Caffeine.class, CaffeineCacheManager.class, CacheManagerCustomizer.class })
@ConditionalOnBean(CaffeineCacheManager.class)
@EnableConfigurationProperties(MemguardCacheProperties.class)
public final class MemguardCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheWeigher memguardCacheWeigher() {
		return new ApproximateCacheWeigher();
	}

	@Bean
	CacheInvalidationBroadcasters memguardCacheInvalidationBroadcasters(
			ObjectProvider<CacheInvalidationBroadcaster> broadcasters) {
		return new CacheInvalidationBroadcasters(() -> broadcasters.orderedStream().toList());
	}

	@Bean
	SoftLockingCaches memguardSoftLockingCaches(MemguardCacheProperties properties, CacheWeigher weigher,
			ObjectProvider<Ticker> ticker, ObjectProvider<CacheLoader<Object, Object>> cacheLoader,
			CacheInvalidationBroadcasters broadcasters) {
		return new SoftLockingCaches(properties, weigher, ticker.getIfUnique(), cacheLoader.getIfAvailable(),
				broadcasters);
	}

	@Bean
	static SoftLockingCacheManagerPostProcessor memguardSoftLockingCacheManagerPostProcessor() {
		return new SoftLockingCacheManagerPostProcessor();
	}

	@Bean
	TransactionalCacheInvalidation memguardTransactionalCacheInvalidation(SoftLockingCaches caches,
			CacheInvalidationBroadcasters broadcasters) {
		return new TransactionalCacheInvalidation(caches, broadcasters);
	}

	@Bean
	@ConditionalOnMissingBean
	EntityCacheBindings memguardEntityCacheBindings(MemguardCacheProperties properties) {
		List<CacheSpec> specs = new ArrayList<>();
		properties.getCaches().keySet().forEach((name) -> specs.add(properties.specFor(name)));
		return new EntityCacheBindings(specs, MemguardCacheAutoConfiguration.class.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	CacheInvalidator memguardCacheInvalidator(TransactionalCacheInvalidation invalidation,
			EntityCacheBindings bindings) {
		return new CacheInvalidator(invalidation, bindings);
	}

	@Bean
	CacheManagerCustomizer<CaffeineCacheManager> memguardCacheManagerCustomizer(SoftLockingCaches caches) {
		return caches::customize;
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor memguardInvalidatesCachesAdvisor(ObjectProvider<CacheInvalidator> invalidator) {
		return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(InvalidatesCaches.class),
				new InvalidatingMethodInterceptor(invalidator::getObject));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "memguard.cache.shrink-on-pressure", matchIfMissing = true)
	CachePressureListener memguardCachePressureListener(SoftLockingCaches caches, MemguardCacheProperties properties) {
		return new CachePressureListener(caches, properties.getPressureShrinkRatio());
	}

	@Bean
	@ConditionalOnMissingBean
	CacheCleanupStep memguardCacheCleanupStep(SoftLockingCaches caches, MemguardCacheProperties properties) {
		return new CacheCleanupStep(caches, properties.getPressureShrinkRatio());
	}

	@Bean
	@ConditionalOnBean(CacheOperationSource.class)
	UnusedCacheSettingsCheck memguardUnusedCacheSettingsCheck(ListableBeanFactory beanFactory,
			CacheOperationSource operations, MemguardCacheProperties properties,
			ObjectProvider<CacheProperties> cacheProperties) {
		return new UnusedCacheSettingsCheck(beanFactory, operations, properties.getCaches().keySet(),
				cacheProperties.getIfAvailable(CacheProperties::new).getCacheNames());
	}

	@Bean
	@Lazy // only /actuator/memory reads it
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	CachesMemorySection memguardCachesMemorySection(SoftLockingCaches caches, EntityCacheBindings bindings) {
		return new CachesMemorySection(caches, bindings);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HibernatePropertiesCustomizer.class, Integrator.class })
	static class HibernateInvalidationConfiguration {

		@Bean
		HibernatePropertiesCustomizer memguardCacheInvalidationHibernatePropertiesCustomizer(
				EntityCacheBindings bindings, TransactionalCacheInvalidation invalidation) {
			Integrator integrator = new CacheInvalidationIntegrator(
					new EntityChangeInvalidationListener(bindings, invalidation));
			return (hibernateProperties) -> addIntegrator(hibernateProperties, integrator);
		}

		private static void addIntegrator(Map<String, Object> hibernateProperties, Integrator integrator) {
			Object existing = hibernateProperties.get(JpaSettings.INTEGRATOR_PROVIDER);
			List<Integrator> integrators = new ArrayList<>();
			if (existing instanceof IntegratorProvider provider) {
				integrators.addAll(provider.getIntegrators());
			}
			integrators.add(integrator);
			hibernateProperties.put(JpaSettings.INTEGRATOR_PROVIDER, (IntegratorProvider) () -> integrators);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RepositoryFactoryBeanSupport.class, Modifying.class })
	static class RepositoryInvalidationConfiguration {

		@Bean
		static RepositoryInvalidationPostProcessor memguardRepositoryInvalidationPostProcessor(
				ObjectProvider<CacheInvalidator> invalidator) {
			return new RepositoryInvalidationPostProcessor(invalidator::getObject);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, CacheMetricsRegistrar.class })
	static class RuntimeCacheMetricsConfiguration {

		@Bean
		SmartInitializingSingleton memguardRuntimeCacheMetrics(SoftLockingCaches caches,
				ObjectProvider<CacheMetricsRegistrar> registrar) {
			// Boot binds the caches known at startup; caches created later are bound as
			// the manager creates them, with the tag Boot gives its bean "cacheManager".
			return () -> registrar.ifAvailable((metrics) -> caches.addCreationListener(
					(cache) -> metrics.bindCacheToRegistry(cache, Tag.of("cache.manager", "cacheManager"))));
		}

	}

}
