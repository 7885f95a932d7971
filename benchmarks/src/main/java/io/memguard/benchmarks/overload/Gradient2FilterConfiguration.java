package io.memguard.benchmarks.overload;

import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Netflix's adaptive concurrency limit in front of the sample app, for comparison:
 * {@code Gradient2Limit} with the library's defaults, unless the
 * {@code benchmarks.gradient2.*} properties below say otherwise, behind a
 * {@code SimpleLimiter}, in {@link Gradient2LimitFilter} (ours, not Netflix's servlet
 * module).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(Gradient2FilterConfiguration.ENABLED_PROPERTY)
class Gradient2FilterConfiguration {

	static final String ENABLED_PROPERTY = "benchmarks.gradient2.enabled";

	@Bean
	FilterRegistrationBean<Gradient2LimitFilter> gradient2LimitFilter(
			@Value("${benchmarks.gradient2.initial-limit:20}") int initialLimit,
			@Value("${benchmarks.gradient2.min-limit:20}") int minLimit,
			@Value("${benchmarks.gradient2.max-concurrency:200}") int maxConcurrency) {
		Gradient2Limit limit = Gradient2Limit.newBuilder()
			.initialLimit(initialLimit)
			.minLimit(minLimit)
			.maxConcurrency(maxConcurrency)
			.build();
		SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().named("overload-harness").limit(limit).build();
		FilterRegistrationBean<Gradient2LimitFilter> registration = new FilterRegistrationBean<>(
				new Gradient2LimitFilter(limiter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
