package io.memguard.cache.broadcast;

import io.memguard.cache.LocalCacheInvalidator;
import io.memguard.cache.MemguardCacheAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Auto-configuration that broadcasts cache invalidations to the other instances of the
 * application over Redis pub/sub, through Spring Boot's Redis connection factory, when
 * {@code memguard.cache.broadcast=redis}.
 */
@AutoConfiguration(after = MemguardCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "memguard.cache.broadcast", havingValue = "redis")
@ConditionalOnClass({ RedisMessageListenerContainer.class, JsonMapper.class })
@ConditionalOnBean({ LocalCacheInvalidator.class, RedisConnectionFactory.class })
@EnableConfigurationProperties(RedisCacheBroadcastProperties.class)
@Import(CacheBroadcastRelayConfiguration.class)
public final class RedisCacheBroadcastAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheInvalidationTransport memguardCacheInvalidationTransport(RedisConnectionFactory connectionFactory,
			RedisCacheBroadcastProperties properties, Environment environment) {
		String channel = (properties.getChannel() != null) ? properties.getChannel()
				: "memguard:{" + environment.getProperty("spring.application.name", "application") + "}:cache";
		return new RedisCacheBroadcastTransport(connectionFactory, channel, properties.getHeartbeatInterval());
	}

}
