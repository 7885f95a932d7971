package io.memguard.web.limits;

import java.util.EnumSet;
import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import io.memguard.rejection.RequestRejections;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;
import io.memguard.web.PathPatterns;
import io.memguard.actuate.ConditionalOnMemoryEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Auto-configuration of the request limits: the {@link ConcurrencyLimitFilter} (order
 * {@code HIGHEST_PRECEDENCE + 20}) and the {@link RequestBodyLimitFilter}
 * ({@code HIGHEST_PRECEDENCE + 30}), both before Spring Security and body parsing.
 */
@AutoConfiguration(after = RequestRejectionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestLimitsProperties.class)
public final class RequestLimitsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConcurrencyLimiter memguardConcurrencyLimiter(RequestLimitsProperties properties,
			ObjectProvider<ClientLeaseStore> sharedCounts) {
		return new ConcurrencyLimiter(properties.getMaxConcurrentRequests(), properties.getMaxConcurrentPerClient(),
				sharedCounts.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientKeyResolver memguardClientKeyResolver(RequestLimitsProperties properties) {
		return new ClientKeyResolver(properties.getClientAddressHeader(), properties.getTrustedProxies());
	}

	@Bean
	@ConditionalOnMissingFilterBean(ConcurrencyLimitFilter.class)
	FilterRegistrationBean<ConcurrencyLimitFilter> memguardConcurrencyLimitFilter(RequestLimitsProperties properties,
			ConcurrencyLimiter limiter, ClientKeyResolver clientKeys, RequestRejections rejections,
			Environment environment) {
		ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(limiter, clientKeys,
				concurrencyExemptPaths(properties, environment), properties.getConcurrencyRetryAfter(), rejections,
				properties.getBodyReadTimeout(), properties.getMinBodyRate());
		// Asynchronous requests release their slot from an AsyncListener, so only the
		// original dispatch needs the filter.
		return registration(filter, ConcurrencyLimitFilter.DEFAULT_ORDER);
	}

	@Bean
	@ConditionalOnMissingFilterBean(RequestBodyLimitFilter.class)
	FilterRegistrationBean<RequestBodyLimitFilter> memguardRequestBodyLimitFilter(RequestLimitsProperties properties,
			RequestRejections rejections) {
		return registration(
				new RequestBodyLimitFilter(properties.getMaxBodySize(), properties.getBodySizeOverrides(), rejections),
				RequestBodyLimitFilter.DEFAULT_ORDER);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	RequestsMemorySection memguardRequestsMemorySection(ConcurrencyLimiter limiter, RequestRejections rejections) {
		return new RequestsMemorySection(limiter, rejections);
	}

	private static <T extends Filter> FilterRegistrationBean<T> registration(T filter, int order) {
		FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
		return registration;
	}

	private static List<String> concurrencyExemptPaths(RequestLimitsProperties properties, Environment environment) {
		if (properties.getConcurrencyExemptPaths() != null) {
			return properties.getConcurrencyExemptPaths();
		}
		return PathPatterns.belowActuatorBasePath(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HandlerExceptionResolver.class)
	static class BodyLimitExceptionResolverConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestBodyExceptionResolver memguardRequestBodyExceptionResolver(RequestRejections rejections) {
			return new RequestBodyExceptionResolver(rejections);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class ConcurrencyMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestConcurrencyMetrics memguardRequestConcurrencyMetrics(ConcurrencyLimiter limiter) {
			return new RequestConcurrencyMetrics(limiter);
		}

	}

}
