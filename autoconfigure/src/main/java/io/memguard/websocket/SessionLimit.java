package io.memguard.websocket;

import jakarta.servlet.http.HttpServletRequest;

import io.memguard.rejection.RejectionReason;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The caps on the sessions of the endpoints that match one path pattern: per user, per
 * room, or both.
 */
public final class SessionLimit {

	private final PathPattern pattern;

	private final boolean refuseAtHandshake;

	private final SessionCap user;

	private final SessionCap room;

	private final RoomKeySource roomKeyFrom;

	private final String roomKeyName;

	private final String userScope;

	private final String roomScope;

	/**
	 * Creates a limit.
	 * @param pattern the path pattern of the endpoints
	 * @param refuseAtHandshake whether a handshake is refused when a cap is reached
	 * @param user the cap per user, or {@code null} for none
	 * @param room the cap per room, or {@code null} for none
	 * @param roomKeyFrom where the handshake names the room
	 * @param roomKeyName the name of the variable, parameter or header
	 */
	public SessionLimit(String pattern, boolean refuseAtHandshake, SessionCap user, SessionCap room,
			RoomKeySource roomKeyFrom, String roomKeyName) {
		this.pattern = PathPatternParser.defaultInstance
			.parse(PathPatternParser.defaultInstance.initFullPathPattern(pattern));
		this.refuseAtHandshake = refuseAtHandshake;
		this.user = user;
		this.room = room;
		this.roomKeyFrom = roomKeyFrom;
		this.roomKeyName = roomKeyName;
		this.userScope = "user:" + this.pattern.getPatternString();
		this.roomScope = "room:" + this.pattern.getPatternString();
	}

	static SessionLimit of(WebSocketLimitsProperties.Limit limit) {
		WebSocketLimitsProperties.RoomLimit room = limit.getRoom();
		return new SessionLimit(limit.getPattern(), limit.isRefuseAtHandshake(),
				cap(limit.getUser(), RejectionReason.WEBSOCKET_USER), cap(room, RejectionReason.WEBSOCKET_ROOM),
				room.getKeyFrom(), room.getKeyName());
	}

	private static SessionCap cap(WebSocketLimitsProperties.Cap cap, RejectionReason reason) {
		return cap.isEnabled() ? new SessionCap(cap.getMaxSessions(),
				new CloseStatus(cap.getCloseCode(), cap.getCloseReason()), reason) : null;
	}

	/**
	 * The path pattern.
	 * @return the pattern
	 */
	public PathPattern pattern() {
		return this.pattern;
	}

	/**
	 * Whether a handshake is refused with 429 when a cap is already reached, rather than
	 * the session closed with the cap's close code once open.
	 * @return whether to refuse at the handshake
	 */
	public boolean refuseAtHandshake() {
		return this.refuseAtHandshake;
	}

	/**
	 * The cap per user.
	 * @return the cap, or {@code null} for none
	 */
	public SessionCap user() {
		return this.user;
	}

	/**
	 * The cap per room.
	 * @return the cap, or {@code null} for none
	 */
	public SessionCap room() {
		return this.room;
	}

	/**
	 * The scope that counts the sessions of each user under this limit.
	 * @return the scope
	 */
	public String userScope() {
		return this.userScope;
	}

	/**
	 * The scope that counts the sessions of each room under this limit.
	 * @return the scope
	 */
	public String roomScope() {
		return this.roomScope;
	}

	/**
	 * The room a handshake names.
	 * @param request the handshake request
	 * @param match what the pattern extracted from the request path
	 * @return the room, or {@code null} when there is no room cap or the handshake names
	 * none
	 */
	String roomKey(HttpServletRequest request, PathPattern.PathMatchInfo match) {
		if (this.room == null) {
			return null;
		}
		return switch (this.roomKeyFrom) {
			case PATH_VARIABLE -> match.getUriVariables().get(this.roomKeyName);
			case QUERY_PARAMETER -> request.getParameter(this.roomKeyName);
			case HEADER -> request.getHeader(this.roomKeyName);
		};
	}

}
