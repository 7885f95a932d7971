package io.memguard.websocket;

/**
 * Where the room of a WebSocket session is named in its handshake.
 */
public enum RoomKeySource {

	/**
	 * A variable of the limit's path pattern, such as {@code room} in
	 * {@code /ws/rooms/{room}}.
	 */
	PATH_VARIABLE,

	/** A query parameter of the handshake request. */
	QUERY_PARAMETER,

	/** A header of the handshake request. */
	HEADER

}
