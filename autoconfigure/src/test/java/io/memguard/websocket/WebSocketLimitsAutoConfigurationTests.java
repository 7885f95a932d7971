package io.memguard.websocket;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.web.limits.RequestLimitsAutoConfiguration;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketLimitsAutoConfiguration}.
 */
class WebSocketLimitsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MemoryAutoConfiguration.class, RequestRejectionsAutoConfiguration.class,
					RequestLimitsAutoConfiguration.class, WebSocketLimitsAutoConfiguration.class));

	@Test
	void configuresEveryPieceWithTheDefaults() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
			assertThat(context).hasSingleBean(LocalSessionLeaseStore.class)
				.hasSingleBean(WebSocketSessionLimiter.class)
				.hasSingleBean(SessionLimitHandshakeInterceptor.class)
				.hasSingleBean(SessionLimitDecoratorFactory.class)
				.hasSingleBean(WebSocketEndpointsPostProcessor.class)
				.hasSingleBean(WebSocketContainerLimits.class)
				.hasSingleBean(StompTransportLimits.class)
				.hasSingleBean(WebSocketMemorySection.class)
				.hasSingleBean(WebSocketSessionMetrics.class);
			WebSocketSessionLimiter limiter = context.getBean(WebSocketSessionLimiter.class);
			assertThat(limiter.global().maxSessions()).isZero();
			assertThat(limiter.limits().all()).isEmpty();
			WebSocketContainerLimits container = context.getBean(WebSocketContainerLimits.class);
			assertThat(container.maxTextMessageSize()).isEqualTo(8192);
			assertThat(container.maxBinaryMessageSize()).isEqualTo(8192);
		});
	}

	@Test
	void bindsLimitsWithTheDefaultCapsAndCloseCodes() {
		this.contextRunner
			.withPropertyValues("memguard.websocket.limits[0].pattern=/ws/presence",
					"memguard.websocket.limits[0].user.enabled=true",
					"memguard.websocket.limits[1].pattern=/ws/rooms/{room}",
					"memguard.websocket.limits[1].room.enabled=true", "memguard.websocket.limits[2].pattern=/ws/**",
					"memguard.websocket.limits[2].room.enabled=true",
					"memguard.websocket.limits[2].room.key-from=query-parameter",
					"memguard.websocket.limits[2].room.close-code=4100", "memguard.websocket.global.max-sessions=500")
			.run((context) -> {
				WebSocketSessionLimiter limiter = context.getBean(WebSocketSessionLimiter.class);
				assertThat(limiter.global().maxSessions()).isEqualTo(500);
				List<SessionLimit> limits = limiter.limits().all();
				assertThat(limits).extracting((limit) -> limit.pattern().getPatternString())
					.containsExactly("/ws/presence", "/ws/rooms/{room}", "/ws/**");
				assertThat(limits.get(0).user().maxSessions()).isEqualTo(3);
				assertThat(limits.get(0).user().closeStatus().getCode()).isEqualTo(4001);
				assertThat(limits.get(0).room()).isNull();
				assertThat(limits.get(1).room().maxSessions()).isEqualTo(10);
				assertThat(limits.get(1).room().closeStatus().getCode()).isEqualTo(4002);
				assertThat(limits.get(1).room().closeStatus().getReason()).isEqualTo("Session is full");
				assertThat(limits.get(2).room().closeStatus().getCode()).isEqualTo(4100);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesThePieces() {
		this.contextRunner.withBean(SessionLeaseStore.class, LocalSessionLeaseStore::new)
			.withBean("userContainer", ServletServerContainerFactoryBean.class, UserContainer::new)
			.withBean(StompTransportLimits.class,
					() -> new StompTransportLimits(java.time.Duration.ofSeconds(1),
							org.springframework.util.unit.DataSize.ofKilobytes(1)))
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionLeaseStore.class)
					.doesNotHaveBean("memguardSessionLeaseStore")
					.doesNotHaveBean(WebSocketContainerLimits.class)
					.doesNotHaveBean("memguardStompTransportLimits");
			});
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("memguard.websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketSessionLimiter.class)
				.doesNotHaveBean(WebSocketEndpointsPostProcessor.class));
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketSessionLimiter.class));
	}

	@Test
	void isOffWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketSessionLimiter.class));
	}

	@Test
	void leavesStompAloneWithoutSpringMessaging() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketMessageBrokerConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(WebSocketSessionLimiter.class)
				.doesNotHaveBean(StompTransportLimits.class));
	}

	@Test
	void isOffOutsideServletWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebSocketLimitsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketSessionLimiter.class));
	}

	@Test
	void refusesBadSettingsNamingThePropertyAndWhereItWasSet() {
		assertFailure("memguard.websocket.limits[0].user", "maxSessions", "must be at least 1",
				"memguard.websocket.limits[0].pattern=/ws/a", "memguard.websocket.limits[0].user.enabled=true",
				"memguard.websocket.limits[0].user.max-sessions=0");
		assertFailure("memguard.websocket.limits[0].room", "closeCode", "must be 3000-4999",
				"memguard.websocket.limits[0].pattern=/ws/{room}", "memguard.websocket.limits[0].room.enabled=true",
				"memguard.websocket.limits[0].room.close-code=1006");
		assertFailure("memguard.websocket.limits[0]", "pattern", "has no variable {room}",
				"memguard.websocket.limits[0].pattern=/ws/rooms", "memguard.websocket.limits[0].room.enabled=true");
		assertFailure("memguard.websocket.limits[0]", "pattern", "is not a path pattern",
				"memguard.websocket.limits[0].pattern=/ws/{unclosed");
		assertFailure("memguard.websocket.limits[0]", "pattern", "must be set",
				"memguard.websocket.limits[0].user.enabled=true");
		assertFailure("memguard.websocket.global", "maxSessions", "must be 0",
				"memguard.websocket.global.max-sessions=-1");
		assertFailure("memguard.websocket.global", "closeReason", "123 bytes",
				"memguard.websocket.global.close-reason=" + "x".repeat(124));
		assertFailure("memguard.websocket.session", "sendBufferSizeLimit", "at least 1B",
				"memguard.websocket.session.send-buffer-size-limit=0");
		assertFailure("memguard.websocket", "retryAfter", "must be positive", "memguard.websocket.retry-after=0s");
	}

	private void assertFailure(String object, String field, String reason, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException failure = findCause(context.getStartupFailure(), BindValidationException.class);
			assertThat(failure.getValidationErrors().getName()).hasToString(object);
			FieldError error = (FieldError) failure.getValidationErrors().getAllErrors().get(0);
			assertThat(error.getField()).isEqualTo(field);
			assertThat(error.getDefaultMessage()).contains(reason);
		});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	/**
	 * The user's container settings; the mock servlet context has no container to apply
	 * them to.
	 */
	static class UserContainer extends ServletServerContainerFactoryBean {

		@Override
		public void afterPropertiesSet() {
		}

	}

}
