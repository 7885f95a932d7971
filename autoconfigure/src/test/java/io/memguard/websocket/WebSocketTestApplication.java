package io.memguard.websocket;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.memguard.cache.jpa.CacheTestApplication.SettableMemoryProbe;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * An application with plain WebSocket endpoints and STOMP endpoints (with and without
 * SockJS), the limits of {@code websocket-limits-test.properties} and a memory probe the
 * tests can turn.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebSocketTestApplication {

	@Bean
	SettableMemoryProbe settableMemoryProbe() {
		return new SettableMemoryProbe();
	}

	/**
	 * Stands in for container or pre-authentication: the {@code X-User} header or the
	 * {@code user} query parameter becomes the request's principal, so it is known at the
	 * handshake.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> userFromQueryParameter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						String user = (request.getHeader("X-User") != null) ? request.getHeader("X-User")
								: request.getParameter("user");
						chain.doFilter((user != null) ? new HttpServletRequestWrapper(request) {
							@Override
							public Principal getUserPrincipal() {
								return () -> user;
							}
						} : request, response);
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	EchoHandler echoHandler() {
		return new EchoHandler();
	}

	@Bean
	FirehoseHandler firehoseHandler() {
		return new FirehoseHandler();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class PlainEndpoints implements WebSocketConfigurer {

		private final EchoHandler echoHandler;

		private final FirehoseHandler firehoseHandler;

		PlainEndpoints(EchoHandler echoHandler, FirehoseHandler firehoseHandler) {
			this.echoHandler = echoHandler;
			this.firehoseHandler = firehoseHandler;
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(this.echoHandler, "/ws/presence", "/ws/rooms/{room}", "/ws/chat/{room}", "/ws/open/**");
			registry.addHandler(this.echoHandler, "/ws/late").setHandshakeHandler(new DefaultHandshakeHandler() {
				@Override
				protected Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
						Map<String, Object> attributes) {
					String query = request.getURI().getQuery();
					String login = (query != null && query.startsWith("login=")) ? query.substring(6) : null;
					return (login != null) ? () -> login : super.determineUser(request, wsHandler, attributes);
				}
			});
			registry.addHandler(this.firehoseHandler, "/ws/firehose");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompEndpoints implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
			// short heartbeats so that a vanished HTTP-streaming client is noticed
			// quickly
			registry.addEndpoint("/stomp-sockjs").withSockJS().setHeartbeatTime(1000).setDisconnectDelay(1000);
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

	}

	/**
	 * Echoes text and keeps the sessions it was given, so tests can check that it saw
	 * every session end.
	 */
	public static class EchoHandler extends TextWebSocketHandler {

		final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.open.add(session);
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			Principal principal = session.getPrincipal();
			session.sendMessage(new TextMessage(
					((principal != null) ? principal.getName() : "anonymous") + ":" + message.getPayload()));
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.open.remove(session);
		}

	}

	/**
	 * On "flood", sends 1 KB messages from several threads until the session closes or
	 * the given number of bytes were offered.
	 */
	public static class FirehoseHandler extends TextWebSocketHandler {

		static final int MESSAGE_SIZE = 1024;

		final AtomicLong offeredBytes = new AtomicLong();

		final AtomicReference<CloseStatus> closeStatus = new AtomicReference<>();

		volatile long floodBytes = 64L * 1024 * 1024;

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			String payload = "x".repeat(MESSAGE_SIZE);
			for (int i = 0; i < 4; i++) {
				Thread sender = new Thread(() -> {
					while (session.isOpen() && this.offeredBytes.addAndGet(MESSAGE_SIZE) <= this.floodBytes) {
						try {
							session.sendMessage(new TextMessage(payload));
						}
						catch (IOException | RuntimeException ex) {
							return;
						}
					}
				}, "firehose-" + i);
				sender.setDaemon(true);
				sender.start();
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.closeStatus.set(status);
		}

	}

}
