package io.memguard.sample.live;

import java.security.Principal;
import java.util.Map;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Names the user of a session after the {@code user} query parameter. A stand-in for the
 * principal: the sample has no login. A real application authenticates the handshake
 * (Spring Security, or the container) and drops this class; Memguard then counts the
 * authenticated user. Without the parameter the session has no principal and counts
 * against its client address.
 */
class DemoUserHandshakeHandler extends DefaultHandshakeHandler {

	@Override
	protected Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		String user = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("user");
		if (user == null || user.isBlank()) {
			return super.determineUser(request, wsHandler, attributes);
		}
		return new DemoUser(user);
	}

	private record DemoUser(String getName) implements Principal {

	}

}
