package io.memguard.rejection;

/**
 * Why a request was refused. The lower-case {@link #tag()} is the metric tag, the last
 * segment of the problem {@code type} and the value of the {@code X-Memguard-Rejected}
 * header.
 */
public enum RejectionReason {

	/**
	 * Memory pressure or allocation-aware admission: the server cannot afford the request
	 * now.
	 */
	MEMORY("memory", 503),

	/** The global cap on in-flight requests is reached. */
	CONCURRENCY("concurrency", 429),

	/** One client has too many requests in flight. */
	CLIENT_LIMIT("client-limit", 429),

	/** The request body is larger than allowed. */
	BODY_SIZE("body-size", 413),

	/** The client took longer than allowed to send the request body. */
	BODY_TIMEOUT("body-timeout", 408),

	/** No pooled database connection became free within the pool's connection timeout. */
	DATABASE_BUSY("database-busy", 503),

	/**
	 * The database gave up on a statement: it waited longer than {@code lock_timeout} for
	 * a lock or ran longer than {@code statement_timeout}.
	 */
	DATABASE_TIMEOUT("database-timeout", 503),

	/**
	 * One user has as many WebSocket sessions open on an endpoint as its limit allows.
	 */
	WEBSOCKET_USER("websocket-user", 429),

	/** One room of a WebSocket endpoint has as many sessions open as its limit allows. */
	WEBSOCKET_ROOM("websocket-room", 429),

	/** The instance has as many WebSocket sessions open as its global cap allows. */
	WEBSOCKET_GLOBAL("websocket-global", 429),

	/** A WebSocket handshake arrived under critical memory pressure. */
	WEBSOCKET_MEMORY("websocket-memory", 503);

	private final String tag;

	private final int status;

	RejectionReason(String tag, int status) {
		this.tag = tag;
		this.status = status;
	}

	/**
	 * The lower-case, hyphenated name of this reason.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * The HTTP status a rejection for this reason answers with.
	 * @return the status code
	 */
	public int status() {
		return this.status;
	}

}
