package io.memguard.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.actuate.ConditionalOnMemoryEndpoint;
import io.memguard.jdbc.LiveConnectionBudget;
import io.memguard.jdbc.MemguardDataSourceAutoConfiguration;
import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;
import io.memguard.web.limits.ClientLeaseStore;
import io.memguard.web.limits.RequestLimitsAutoConfiguration;
import io.memguard.websocket.SessionLeaseStore;
import io.memguard.websocket.WebSocketLimitsAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Auto-configuration of fleet mode, when {@code memguard.fleet.enabled=true} and Spring
 * Boot's Redis support has created a {@link RedisConnectionFactory}: per-client request
 * limits and per-user and per-room WebSocket limits counted across every instance, an
 * instance registry with each instance's memory and pool size, and the connection budget
 * checked against the instances really running.
 */
@AutoConfiguration(after = { MemoryAutoConfiguration.class, MemguardDataSourceAutoConfiguration.class },
		before = { RequestLimitsAutoConfiguration.class, WebSocketLimitsAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("memguard.fleet.enabled")
@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClient.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(FleetProperties.class)
public final class FleetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FleetRedis memguardFleetRedis(RedisConnectionFactory connectionFactory, FleetProperties properties,
			Environment environment) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("memguard.fleet.enabled=true needs Spring Boot's Lettuce connection "
					+ "factory, but the RedisConnectionFactory is a " + connectionFactory.getClass().getName()
					+ ": set spring.data.redis.client-type=lettuce, or memguard.fleet.enabled=false");
		}
		String prefix = (properties.getKeyPrefix() != null) ? properties.getKeyPrefix()
				: "memguard:{" + environment.getProperty("spring.application.name", "application") + "}:";
		return new FleetRedis(lettuce, prefix, properties.getTimeout(), properties.getRecoveryInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	FleetRegistry memguardFleetRegistry(FleetRedis redis, FleetProperties properties,
			ObjectProvider<MemoryMonitor> memoryMonitor, ObjectProvider<LiveConnectionBudget> liveBudget) {
		LiveConnectionBudget budget = liveBudget.getIfUnique();
		List<Consumer<List<FleetInstance>>> listeners = (budget != null)
				? List.of((fleet) -> budget
					.checkFleet(fleet.stream().map(FleetInstance::poolSize).filter(Objects::nonNull).toList()))
				: List.of();
		String instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		return new FleetRegistry(redis, instanceId, hostName(), properties.getInstanceTtl(),
				// looked up late: the monitor takes the registry as a memory pressure
				// listener
				() -> {
					MemoryMonitor monitor = memoryMonitor.getIfUnique();
					return (monitor != null) ? monitor.snapshot() : null;
				}, (budget != null) ? budget.poolSize() : -1, listeners);
	}

	@Bean
	@ConditionalOnMissingBean
	FleetLeases memguardFleetLeases(FleetRedis redis, FleetRegistry registry, FleetProperties properties) {
		return new FleetLeases(redis, registry.instanceId(), properties.getLeaseTime());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	FleetMemorySection memguardFleetMemorySection(FleetRedis redis, FleetRegistry registry, FleetLeases leases,
			ObjectProvider<LiveConnectionBudget> liveBudget) {
		return new FleetMemorySection(redis, registry, leases, liveBudget.getIfUnique());
	}

	private static String hostName() {
		String hostName = System.getenv("HOSTNAME");
		if (hostName != null && !hostName.isBlank()) {
			return hostName;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ClientLimitsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClientLeaseStore memguardFleetClientLeaseStore(FleetLeases leases) {
			return new FleetClientLeaseStore(leases);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(WebSocketHandler.class)
	static class WebSocketLimitsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionLeaseStore memguardFleetSessionLeaseStore(FleetLeases leases) {
			return new FleetSessionLeaseStore(leases);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FleetMetrics memguardFleetMetrics(FleetRedis redis, FleetRegistry registry, FleetLeases leases) {
			return new FleetMetrics(redis, registry, leases);
		}

	}

}
