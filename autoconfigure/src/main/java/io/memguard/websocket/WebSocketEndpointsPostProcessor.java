package io.memguard.websocket;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler;
import org.springframework.web.socket.sockjs.transport.TransportHandlingSockJsService;

/**
 * Puts the session limits on every WebSocket endpoint, plain or STOMP, with or without
 * SockJS: each {@link WebSocketHandlerMapping} (what {@code @EnableWebSocket} and
 * {@code @EnableWebSocketMessageBroker} register) gets its request handlers rebuilt with
 * the {@link SessionLimitHandshakeInterceptor} first and the endpoint's handler
 * decorated. This happens right after the mapping is created, before it registers its
 * handlers, so the mapping only ever serves the limited ones. Request handlers of other
 * types (subclasses included) are left as they are, with a warning.
 */
class WebSocketEndpointsPostProcessor implements InstantiationAwareBeanPostProcessor {

	private static final Log logger = LogFactory.getLog(WebSocketEndpointsPostProcessor.class);

	private final ObjectProvider<SessionLimitHandshakeInterceptor> interceptor;

	private final ObjectProvider<SessionLimitDecoratorFactory> decorators;

	WebSocketEndpointsPostProcessor(ObjectProvider<SessionLimitHandshakeInterceptor> interceptor,
			ObjectProvider<SessionLimitDecoratorFactory> decorators) {
		this.interceptor = interceptor;
		this.decorators = decorators;
	}

	@Override
	public boolean postProcessAfterInstantiation(Object bean, String beanName) {
		if (bean instanceof WebSocketHandlerMapping mapping) {
			limit(mapping);
		}
		return true;
	}

	private void limit(WebSocketHandlerMapping mapping) {
		SessionLimitHandshakeInterceptor interceptor = this.interceptor.getIfAvailable();
		WebSocketHandlerDecoratorFactory decorators = this.decorators.getIfAvailable();
		if (interceptor == null || decorators == null) {
			return;
		}
		Map<Object, Object> replacements = new IdentityHashMap<>();
		Map<String, Object> limited = new LinkedHashMap<>();
		mapping.getUrlMap()
			.forEach((path, handler) -> limited.put(path, replacements.computeIfAbsent(handler,
					(original) -> limited(path, original, interceptor, decorators))));
		mapping.setUrlMap(limited);
	}

	private static Object limited(String path, Object handler, SessionLimitHandshakeInterceptor interceptor,
			WebSocketHandlerDecoratorFactory decorators) {
		if (handler.getClass() == WebSocketHttpRequestHandler.class) {
			WebSocketHttpRequestHandler original = (WebSocketHttpRequestHandler) handler;
			WebSocketHttpRequestHandler limited = new WebSocketHttpRequestHandler(
					decorators.decorate(undecorated(original.getWebSocketHandler())), original.getHandshakeHandler());
			List<HandshakeInterceptor> interceptors = new ArrayList<>();
			interceptors.add(interceptor);
			interceptors.addAll(original.getHandshakeInterceptors());
			limited.setHandshakeInterceptors(interceptors);
			return limited;
		}
		if (handler.getClass() == SockJsHttpRequestHandler.class && ((SockJsHttpRequestHandler) handler)
			.getSockJsService() instanceof TransportHandlingSockJsService service) {
			SockJsHttpRequestHandler original = (SockJsHttpRequestHandler) handler;
			if (!service.getHandshakeInterceptors().contains(interceptor)) {
				service.getHandshakeInterceptors().add(0, interceptor);
			}
			return new SockJsHttpRequestHandler(service,
					decorators.decorate(undecorated(original.getWebSocketHandler())));
		}
		logger.warn("WebSocket endpoint " + path + " is served by " + handler.getClass().getName()
				+ ", which Memguard does not know how to limit; its sessions are not counted");
		return handler;
	}

	// The request handlers wrap their WebSocket handler in these two decorators; the new
	// request handler adds them again, outside the session limits.
	private static WebSocketHandler undecorated(WebSocketHandler handler) {
		if (handler instanceof ExceptionWebSocketHandlerDecorator exceptions
				&& exceptions.getDelegate() instanceof LoggingWebSocketHandlerDecorator logging) {
			return logging.getDelegate();
		}
		return handler;
	}

}
