package io.memguard.rejection;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.catalina.Valve;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every Memguard request filter shares: the {@link RequestRejections} counters,
 * their metrics and, on Tomcat, the valve that closes a rejected request's connection
 * without waiting for the rest of its body. The filters' own auto-configurations run
 * after this one.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
public final class RequestRejectionsAutoConfiguration {

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Valve.class, TomcatContextCustomizer.class })
	static class TomcatRejectionConfiguration {

		@Bean
		TomcatContextCustomizer memguardRejectedRequestValveCustomizer() {
			return (context) -> context.getPipeline().addValve(new RejectedRequestValve());
		}

	}

}
