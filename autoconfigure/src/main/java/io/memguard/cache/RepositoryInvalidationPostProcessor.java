package io.memguard.cache;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/**
 * Makes the {@link Modifying} query methods of every Spring Data repository invalidate
 * the caches bound to the repository's domain type after commit, with no code in the
 * repository. A bulk statement cannot tell which rows it changed, so the caches are
 * cleared. The advice runs inside the repository's transaction, and only on repositories
 * of a domain type that invalidates some cache.
 */
class RepositoryInvalidationPostProcessor implements BeanPostProcessor {

	private final Supplier<CacheInvalidator> invalidator;

	RepositoryInvalidationPostProcessor(Supplier<CacheInvalidator> invalidator) {
		this.invalidator = invalidator;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> factoryBean) {
			factoryBean
				.addRepositoryFactoryCustomizer((factory) -> factory.addRepositoryProxyPostProcessor((proxyFactory,
						repository) -> proxyFactory.addAdvice(modifyingQueries(repository.getDomainType()))));
		}
		return bean;
	}

	private MethodInterceptor modifyingQueries(Class<?> domainType) {
		Map<Method, Boolean> modifying = new ConcurrentHashMap<>();
		return (invocation) -> {
			Object result = invocation.proceed();
			if (modifying.computeIfAbsent(invocation.getMethod(),
					(method) -> AnnotatedElementUtils.hasAnnotation(method, Modifying.class))) {
				this.invalidator.get().invalidate(domainType);
			}
			return result;
		};
	}

}
