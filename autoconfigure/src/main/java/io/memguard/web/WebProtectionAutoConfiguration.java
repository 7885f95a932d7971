package io.memguard.web;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every Memguard request filter shares: the {@link RequestRejections} counters and
 * their metrics. The filters' own auto-configurations run after this one.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
public final class WebProtectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestRejections memguardRequestRejections() {
		return new RequestRejections();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class RejectionMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestRejectionMetrics memguardRequestRejectionMetrics(RequestRejections rejections) {
			return new RequestRejectionMetrics(rejections);
		}

	}

}
