package io.memguard.sample.live;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A collaboration room: what one member sends, every member of the room receives.
 * Memguard caps each room at ten sessions here (closing an eleventh with 4002); the room
 * is the last segment of {@code /ws/rooms/{room}}.
 */
class RoomHandler extends TextWebSocketHandler {

	private final Map<String, Set<WebSocketSession>> rooms = new ConcurrentHashMap<>();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.rooms.computeIfAbsent(room(session), (room) -> ConcurrentHashMap.newKeySet()).add(session);
	}

	@Override
	protected void handleTextMessage(WebSocketSession sender, TextMessage message) {
		String from = (sender.getPrincipal() != null) ? sender.getPrincipal().getName() : "anonymous";
		TextMessage relayed = new TextMessage(from + ": " + message.getPayload());
		for (WebSocketSession member : this.rooms.getOrDefault(room(sender), Set.of())) {
			try {
				member.sendMessage(relayed);
			}
			catch (IOException | RuntimeException ex) {
				// a member that cannot take it is closing; its own close event follows
			}
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		// drop empty rooms, or the map keeps every room ever opened
		this.rooms.computeIfPresent(room(session), (room, members) -> {
			members.remove(session);
			return members.isEmpty() ? null : members;
		});
	}

	private static String room(WebSocketSession session) {
		String path = session.getUri().getPath();
		return path.substring(path.lastIndexOf('/') + 1);
	}

}
