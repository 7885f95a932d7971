package io.memguard.sample.live;

import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Tells every connected session who is online, each time someone comes or goes. Memguard
 * caps each user at three sessions here (closing a fourth with 4001).
 */
class PresenceHandler extends TextWebSocketHandler {

	private final Map<WebSocketSession, String> online = new ConcurrentHashMap<>();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.online.put(session, (session.getPrincipal() != null) ? session.getPrincipal().getName() : "anonymous");
		broadcast();
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.online.remove(session);
		broadcast();
	}

	private void broadcast() {
		TextMessage message = new TextMessage("online: " + String.join(", ", new TreeSet<>(this.online.values())));
		for (WebSocketSession session : this.online.keySet()) {
			try {
				session.sendMessage(message);
			}
			catch (IOException | RuntimeException ex) {
				// a session that cannot take it is closing; its own close event follows
			}
		}
	}

}
