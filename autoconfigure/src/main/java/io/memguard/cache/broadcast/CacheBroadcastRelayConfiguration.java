package io.memguard.cache.broadcast;

import io.memguard.actuate.ConditionalOnMemoryEndpoint;
import io.memguard.cache.LocalCacheInvalidator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The relay and its {@code /actuator/memory} section, the same whichever transport
 * carries the messages. Imported by each transport's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class CacheBroadcastRelayConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheBroadcastRelay memguardCacheBroadcastRelay(CacheInvalidationTransport transport,
			LocalCacheInvalidator localInvalidator) {
		return new CacheBroadcastRelay(transport, localInvalidator);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	CacheBroadcastMemorySection memguardCacheBroadcastMemorySection(CacheBroadcastRelay relay,
			CacheInvalidationTransport transport) {
		return new CacheBroadcastMemorySection(relay, transport);
	}

}
