package io.memguard.sample.live;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers the presence and room endpoints. Their limits live in {@code application.yml}
 * ({@code memguard.websocket.limits}); nothing here knows about them.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveEndpointsConfiguration implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		DemoUserHandshakeHandler demoUsers = new DemoUserHandshakeHandler();
		registry.addHandler(new PresenceHandler(), "/ws/presence").setHandshakeHandler(demoUsers);
		registry.addHandler(new RoomHandler(), "/ws/rooms/{room}").setHandshakeHandler(demoUsers);
	}

}
