package io.memguard.websocket;

import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.websocket.server.ServerContainer;

import io.memguard.actuate.ConditionalOnMemoryEndpoint;
import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;
import io.memguard.web.limits.ClientKeyResolver;
import io.memguard.rejection.RejectionReason;
import io.memguard.web.limits.RequestLimitsAutoConfiguration;
import io.memguard.rejection.RequestRejections;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * Auto-configuration of the WebSocket session limits and per-session bounds, for the
 * endpoints of {@code @EnableWebSocket} and {@code @EnableWebSocketMessageBroker} (with
 * or without SockJS) on a servlet web server.
 */
@AutoConfiguration(
		after = { MemoryAutoConfiguration.class, RequestRejectionsAutoConfiguration.class,
				RequestLimitsAutoConfiguration.class },
		afterName = "org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, WebSocketHandlerMapping.class })
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "memguard.websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebSocketLimitsProperties.class)
public final class WebSocketLimitsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessionLeaseStore memguardSessionLeaseStore() {
		return new LocalSessionLeaseStore();
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketSessionLimiter memguardWebSocketSessionLimiter(WebSocketLimitsProperties properties,
			SessionLeaseStore store, ObjectProvider<RequestRejections> rejections) {
		WebSocketLimitsProperties.Global global = properties.getGlobal();
		SessionCap globalCap = new SessionCap(global.getMaxSessions(),
				new CloseStatus(global.getCloseCode(), global.getCloseReason()), RejectionReason.WEBSOCKET_GLOBAL);
		List<SessionLimit> limits = properties.getLimits().stream().map(SessionLimit::of).toList();
		return new WebSocketSessionLimiter(new SessionLimits(limits), globalCap, store,
				rejections.getIfAvailable(RequestRejections::new));
	}

	@Bean
	@ConditionalOnMissingBean
	SessionLimitHandshakeInterceptor memguardSessionLimitHandshakeInterceptor(WebSocketSessionLimiter limiter,
			ObjectProvider<ClientKeyResolver> clientKeys, ObjectProvider<MemoryMonitor> memoryMonitor,
			ObjectProvider<RequestRejections> rejections, WebSocketLimitsProperties properties) {
		return new SessionLimitHandshakeInterceptor(limiter,
				clientKeys.getIfAvailable(() -> new ClientKeyResolver(null, List.of())), memoryMonitor.getIfAvailable(),
				rejections.getIfAvailable(RequestRejections::new), properties.getRetryAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionLimitDecoratorFactory memguardSessionLimitDecoratorFactory(WebSocketSessionLimiter limiter,
			WebSocketLimitsProperties properties) {
		WebSocketLimitsProperties.Session session = properties.getSession();
		return new SessionLimitDecoratorFactory(limiter, session.getSendTimeLimit(), session.getSendBufferSizeLimit());
	}

	@Bean
	static WebSocketEndpointsPostProcessor memguardWebSocketEndpointsPostProcessor(
			ObjectProvider<SessionLimitHandshakeInterceptor> interceptor,
			ObjectProvider<SessionLimitDecoratorFactory> decorators) {
		return new WebSocketEndpointsPostProcessor(interceptor, decorators);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMemoryEndpoint
	WebSocketMemorySection memguardWebSocketMemorySection(WebSocketSessionLimiter limiter,
			ObjectProvider<RequestRejections> rejections) {
		return new WebSocketMemorySection(limiter, rejections.getIfAvailable(RequestRejections::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServerContainer.class)
	static class ContainerLimitsConfiguration {

		@Bean
		@ConditionalOnMissingBean({ WebSocketContainerLimits.class, ServletServerContainerFactoryBean.class })
		WebSocketContainerLimits memguardWebSocketContainerLimits(WebSocketLimitsProperties properties) {
			WebSocketLimitsProperties.Session session = properties.getSession();
			return new WebSocketContainerLimits(session.getMaxTextMessageSize(), session.getMaxBinaryMessageSize());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebSocketMessageBrokerConfigurer.class)
	static class StompConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StompTransportLimits memguardStompTransportLimits(WebSocketLimitsProperties properties) {
			WebSocketLimitsProperties.Session session = properties.getSession();
			return new StompTransportLimits(session.getSendTimeLimit(), session.getSendBufferSizeLimit());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebSocketSessionMetrics memguardWebSocketSessionMetrics(WebSocketSessionLimiter limiter) {
			return new WebSocketSessionMetrics(limiter);
		}

	}

}
