package io.memguard.cache;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Invalidates the caches named by {@link InvalidatesCaches} after the annotated method
 * returns normally.
 */
class InvalidatingMethodInterceptor implements MethodInterceptor {

	private final Supplier<CacheInvalidator> invalidator;

	InvalidatingMethodInterceptor(Supplier<CacheInvalidator> invalidator) {
		this.invalidator = invalidator;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		InvalidatesCaches annotation = AnnotatedElementUtils.findMergedAnnotation(invocation.getMethod(),
				InvalidatesCaches.class);
		if (annotation != null) {
			CacheInvalidator target = this.invalidator.get();
			for (String cacheName : annotation.value()) {
				target.clear(cacheName);
			}
			for (Class<?> entityType : annotation.entities()) {
				target.invalidate(entityType);
			}
		}
		return result;
	}

}
