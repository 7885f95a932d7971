package io.memguard.data.page;

import java.lang.reflect.Method;
import java.util.Arrays;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/**
 * Checks the keys of a {@link KeysetScrollPosition} passed to a repository query method
 * (such as {@code Window<T> findBy(ScrollPosition, Sort, Limit)}) against the
 * repository's entity before the query runs, so that a forged cursor is a {@code 400},
 * not a server error (see {@link KeysetKeys}). Only methods with a {@link ScrollPosition}
 * parameter pay for it.
 */
public class KeysetKeysRepositoryPostProcessor implements BeanPostProcessor {

	private static final Pointcut SCROLLING_METHODS = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return Arrays.stream(method.getParameterTypes()).anyMatch(ScrollPosition.class::isAssignableFrom);
		}

	};

	private final ObjectProvider<EntityManagerFactory> entityManagerFactory;

	public KeysetKeysRepositoryPostProcessor(ObjectProvider<EntityManagerFactory> entityManagerFactory) {
		this.entityManagerFactory = entityManagerFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> factoryBean) {
			factoryBean.addRepositoryFactoryCustomizer((factory) -> factory
				.addRepositoryProxyPostProcessor((proxyFactory, repository) -> proxyFactory.addAdvisor(
						new DefaultPointcutAdvisor(SCROLLING_METHODS, checkingKeys(repository.getDomainType())))));
		}
		return bean;
	}

	private MethodInterceptor checkingKeys(Class<?> domainType) {
		return (invocation) -> {
			check(domainType, invocation.getArguments());
			return invocation.proceed();
		};
	}

	private void check(Class<?> domainType, Object[] arguments) {
		KeysetScrollPosition position = null;
		Sort sort = null;
		for (Object argument : arguments) {
			if (argument instanceof KeysetScrollPosition keyset) {
				position = keyset;
			}
			else if (argument instanceof Sort given) {
				sort = given;
			}
		}
		EntityManagerFactory factory = this.entityManagerFactory.getIfUnique();
		if (position != null && factory != null) {
			EntityType<?> entity = factory.getMetamodel().entity(domainType);
			KeysetKeys.check(entity, sort, position);
		}
	}

}
