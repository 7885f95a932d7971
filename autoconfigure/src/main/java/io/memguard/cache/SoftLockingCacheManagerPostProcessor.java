package io.memguard.cache;

import java.util.List;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * Builds the {@link CaffeineCacheManager} of Spring Boot's cache auto-configuration as a
 * {@link SoftLockingCaffeineCacheManager}, the one thing Boot's factory method cannot be
 * told. Boot still decides whether there is such a manager ({@code spring.cache.type}, a
 * user's own {@code CacheManager}); its cache names and every
 * {@code CacheManagerCustomizer} apply as they would to Boot's instance. Boot's Caffeine
 * spec and cache loader are not set: each cache is built from its Memguard settings.
 */
final class SoftLockingCacheManagerPostProcessor implements InstantiationAwareBeanPostProcessor, BeanFactoryAware {

	private static final String BOOT_CAFFEINE_CONFIGURATION = "org.springframework.boot.cache.autoconfigure.CaffeineCacheConfiguration";

	private ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessBeforeInstantiation(Class<?> beanClass, String beanName) throws BeansException {
		if (beanClass != CaffeineCacheManager.class || !isBootsCaffeineCacheManager(beanName)) {
			return null;
		}
		CaffeineCacheManager manager = this.beanFactory.getBean(SoftLockingCaches.class).createCacheManager();
		List<String> cacheNames = this.beanFactory.getBean(CacheProperties.class).getCacheNames();
		if (!cacheNames.isEmpty()) {
			manager.setCacheNames(cacheNames);
		}
		return this.beanFactory.getBean(CacheManagerCustomizers.class).customize(manager);
	}

	private boolean isBootsCaffeineCacheManager(String beanName) {
		if (!this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		String factoryBeanName = this.beanFactory.getBeanDefinition(beanName).getFactoryBeanName();
		return factoryBeanName != null && this.beanFactory.containsBeanDefinition(factoryBeanName)
				&& BOOT_CAFFEINE_CONFIGURATION
					.equals(this.beanFactory.getBeanDefinition(factoryBeanName).getBeanClassName());
	}

}
