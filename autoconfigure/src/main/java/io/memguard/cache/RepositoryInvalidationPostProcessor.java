package io.memguard.cache;

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
 * cleared. The advice runs inside the repository's transaction.
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
		return (invocation) -> {
			Object result = invocation.proceed();
			if (AnnotatedElementUtils.hasAnnotation(invocation.getMethod(), Modifying.class)) {
				this.invalidator.get().invalidate(domainType);
			}
			return result;
		};
	}

}
