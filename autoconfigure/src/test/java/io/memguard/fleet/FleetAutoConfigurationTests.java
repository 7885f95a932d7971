package io.memguard.fleet;

import io.memguard.jdbc.LiveConnectionBudget;
import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.test.FailureAnalyses;
import io.memguard.test.redis.EmbeddedRedis;
import io.memguard.web.limits.ClientLeaseStore;
import io.memguard.web.limits.ConcurrencyLimiter;
import io.memguard.web.limits.RequestLimitsAutoConfiguration;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;
import io.memguard.websocket.LocalSessionLeaseStore;
import io.memguard.websocket.SessionLeaseStore;
import io.memguard.websocket.WebSocketLimitsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FleetAutoConfiguration}, against a real Redis.
 */
class FleetAutoConfigurationTests {

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, MemoryAutoConfiguration.class,
				RequestRejectionsAutoConfiguration.class, RequestLimitsAutoConfiguration.class,
				WebSocketLimitsAutoConfiguration.class, FleetAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.application.name=orders", "memguard.web.max-concurrent-per-client=2");

	@Test
	void isOffUnlessEnabled() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(FleetRedis.class).doesNotHaveBean(ClientLeaseStore.class);
			assertThat(context).getBean(SessionLeaseStore.class).isInstanceOf(LocalSessionLeaseStore.class);
		});
	}

	@Test
	void sharesTheLimitsOfClientsUsersAndRoomsWhenEnabled() {
		this.contextRunner
			.withPropertyValues("memguard.fleet.enabled=true", "management.endpoints.web.exposure.include=memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(FleetRedis.class)
					.hasSingleBean(FleetRegistry.class)
					.hasSingleBean(FleetLeases.class)
					.hasSingleBean(FleetMemorySection.class)
					.hasSingleBean(FleetMetrics.class);
				assertThat(context).getBean(ClientLeaseStore.class).isInstanceOf(FleetClientLeaseStore.class);
				assertThat(context).getBean(SessionLeaseStore.class).isInstanceOf(FleetSessionLeaseStore.class);
				assertThat(context.getBean(FleetRedis.class).keyPrefix()).isEqualTo("memguard:{orders}:");
				ConcurrencyLimiter limiter = context.getBean(ConcurrencyLimiter.class);
				assertThat(limiter.tryAcquire("address:10.1.1.1")).isEqualTo(ConcurrencyLimiter.Admission.ADMITTED);
				assertThat(context.getBean(FleetLeases.class).count(FleetClientLeaseStore.SCOPE, "address:10.1.1.1"))
					.isOne();
				limiter.release("address:10.1.1.1");
			});
	}

	@Test
	void staysOffWithoutSpringBootsRedisSupport() {
		this.contextRunner.withPropertyValues("memguard.fleet.enabled=true")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FleetRedis.class));
	}

	@Test
	void backsOffToTheApplicationsOwnStores() {
		this.contextRunner.withPropertyValues("memguard.fleet.enabled=true")
			.withUserConfiguration(OwnStores.class)
			.run((context) -> {
				assertThat(context).getBean(ClientLeaseStore.class).isSameAs(OwnStores.CLIENTS);
				assertThat(context).getBean(SessionLeaseStore.class).isSameAs(OwnStores.SESSIONS);
				assertThat(context).hasSingleBean(FleetRegistry.class);
			});
	}

	@Test
	void takesTheKeyPrefixItIsGiven() {
		this.contextRunner.withPropertyValues("memguard.fleet.enabled=true", "memguard.fleet.key-prefix=shop:")
			.run((context) -> assertThat(context.getBean(FleetRedis.class).keyPrefix()).isEqualTo("shop:"));
	}

	@Test
	void reportsATimeoutBelowOneMillisecond() {
		this.contextRunner.withPropertyValues("memguard.fleet.enabled=true", "memguard.fleet.timeout=0ms")
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.fleet.timeout=0ms", "memguard.fleet.timeout", "must be at least 1ms"));
	}

	@Test
	void reportsALeaseTimeTooShortToRenew() {
		this.contextRunner.withPropertyValues("memguard.fleet.enabled=true", "memguard.fleet.lease-time=100ms")
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.fleet.lease-time=100ms", "memguard.fleet.leaseTime", "must be at least 300ms"));
	}

	@Test
	void registersThePoolSizeOfTheLiveConnectionBudget() {
		this.contextRunner.withPropertyValues("memguard.fleet.enabled=true")
			.withBean(LiveConnectionBudget.class, () -> new LiveConnectionBudget(7, 3))
			.run((context) -> {
				FleetRegistry registry = context.getBean(FleetRegistry.class);
				await().until(() -> registry.instances().stream().anyMatch(FleetInstance::self));
				assertThat(registry.instances()).filteredOn(FleetInstance::self)
					.singleElement()
					.satisfies((self) -> assertThat(self.poolSize()).isEqualTo(7));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStores {

		static final ClientLeaseStore CLIENTS = new ClientLeaseStore() {

			@Override
			public boolean tryAcquire(String clientKey, int maxPerClient) {
				return true;
			}

			@Override
			public void release(String clientKey) {
			}

		};

		static final SessionLeaseStore SESSIONS = new LocalSessionLeaseStore();

		@Bean
		ClientLeaseStore ownClientLeaseStore() {
			return CLIENTS;
		}

		@Bean
		SessionLeaseStore ownSessionLeaseStore() {
			return SESSIONS;
		}

	}

}
