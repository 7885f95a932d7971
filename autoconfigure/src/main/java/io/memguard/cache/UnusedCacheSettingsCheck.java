package io.memguard.cache;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Warns at startup about settings under {@code memguard.cache.caches} for a cache that no
 * caching annotation of any bean names, nor {@code spring.cache.cache-names}: most often
 * a typo, which leaves the real cache on the defaults.
 */
class UnusedCacheSettingsCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnusedCacheSettingsCheck.class);

	private final ListableBeanFactory beanFactory;

	private final CacheOperationSource operations;

	private final Collection<String> configured;

	private final Collection<String> declared;

	/**
	 * Creates the check.
	 * @param beanFactory the beans whose caching annotations name caches
	 * @param operations reads the caching annotations
	 * @param configured the names under {@code memguard.cache.caches}
	 * @param declared the names in {@code spring.cache.cache-names}
	 */
	UnusedCacheSettingsCheck(ListableBeanFactory beanFactory, CacheOperationSource operations,
			Collection<String> configured, Collection<String> declared) {
		this.beanFactory = beanFactory;
		this.operations = operations;
		this.configured = configured;
		this.declared = declared;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> unused = new LinkedHashSet<>(this.configured);
		unused.removeAll(this.declared);
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			if (unused.isEmpty()) {
				return;
			}
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type != null) {
				Class<?> userType = ClassUtils.getUserClass(type);
				ReflectionUtils.doWithMethods(userType, (method) -> {
					Collection<CacheOperation> found = this.operations.getCacheOperations(method, userType);
					if (found != null) {
						found.forEach((operation) -> unused.removeAll(operation.getCacheNames()));
					}
				});
			}
		}
		for (String name : unused) {
			logger.warn("memguard.cache.caches." + name + " configures a cache that no @Cacheable, @CachePut or "
					+ "@CacheEvict names, nor spring.cache.cache-names: check the name for a typo (a cache used "
					+ "only through CacheManager.getCache(\"" + name + "\") is fine)");
		}
	}

}
