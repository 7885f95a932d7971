package io.memguard.websocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * WebSocket session limits and per-session bounds. Validated when bound: a bad value
 * fails startup with the property, its value and where it was set.
 */
@ConfigurationProperties("memguard.websocket")
public class WebSocketLimitsProperties implements Validator {

	private static final Set<Class<?>> VALIDATED = Set.of(WebSocketLimitsProperties.class, Global.class, Limit.class,
			Cap.class, RoomLimit.class, Session.class);

	/**
	 * Whether Memguard limits WebSocket sessions and bounds what each session holds.
	 */
	private boolean enabled = true;

	/**
	 * Delay clients are asked to wait before retrying a refused handshake (jittered up to
	 * +50%).
	 */
	private Duration retryAfter = Duration.ofSeconds(5);

	/**
	 * Session limits by endpoint path pattern; the most specific matching pattern
	 * applies.
	 */
	private List<Limit> limits = new ArrayList<>();

	private final Global global = new Global();

	private final Session session = new Session();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	public List<Limit> getLimits() {
		return this.limits;
	}

	public void setLimits(List<Limit> limits) {
		this.limits = limits;
	}

	public Global getGlobal() {
		return this.global;
	}

	public Session getSession() {
		return this.session;
	}

	@Override
	public boolean supports(Class<?> type) {
		return VALIDATED.contains(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof WebSocketLimitsProperties properties) {
			positive(errors, "retryAfter", properties.getRetryAfter());
		}
		else if (target instanceof Global global) {
			if (global.getMaxSessions() < 0) {
				errors.rejectValue("maxSessions", "range", "must be 0 (no cap) or more");
			}
			closeStatus(errors, global.getCloseCode(), global.getCloseReason());
		}
		else if (target instanceof Limit limit) {
			validateLimit(errors, limit);
		}
		else if (target instanceof Cap cap && cap.isEnabled()) {
			atLeastOne(errors, cap.getMaxSessions());
			closeStatus(errors, cap.getCloseCode(), cap.getCloseReason());
			if (cap instanceof RoomLimit room && !StringUtils.hasText(room.getKeyName())) {
				errors.rejectValue("keyName", "required", "must name the path variable, parameter or header");
			}
		}
		else if (target instanceof Session session) {
			positive(errors, "sendTimeLimit", session.getSendTimeLimit());
			intSize(errors, "sendBufferSizeLimit", session.getSendBufferSizeLimit());
			intSize(errors, "maxTextMessageSize", session.getMaxTextMessageSize());
			intSize(errors, "maxBinaryMessageSize", session.getMaxBinaryMessageSize());
		}
	}

	private static void validateLimit(Errors errors, Limit limit) {
		if (!StringUtils.hasText(limit.getPattern())) {
			errors.rejectValue("pattern", "required", "must be set, for example /ws/rooms/{room}");
			return;
		}
		try {
			PathPatternParser.defaultInstance.parse(limit.getPattern());
		}
		catch (PatternParseException ex) {
			errors.rejectValue("pattern", "invalid", "is not a path pattern: " + ex.getMessage());
			return;
		}
		RoomLimit room = limit.getRoom();
		if (room.isEnabled() && room.getKeyFrom() == RoomKeySource.PATH_VARIABLE
				&& !hasVariable(limit.getPattern(), room.getKeyName())) {
			errors.rejectValue("pattern", "invalid",
					"has no variable {" + room.getKeyName() + "} to take the room from (room.key-name)");
		}
	}

	private static boolean hasVariable(String pattern, String name) {
		return pattern.contains("{" + name + "}") || pattern.contains("{" + name + ":")
				|| pattern.contains("{*" + name + "}");
	}

	private static void positive(Errors errors, String field, Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			errors.rejectValue(field, "range", "must be positive");
		}
	}

	private static void intSize(Errors errors, String field, DataSize size) {
		if (size == null || size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
			errors.rejectValue(field, "range", "must be at least 1B and below 2GB");
		}
	}

	private static void atLeastOne(Errors errors, int maxSessions) {
		if (maxSessions < 1) {
			errors.rejectValue("maxSessions", "range", "must be at least 1");
		}
	}

	// A server may close with 1000, 1001, 1008, 1011, 1013 or a private code; the reason
	// shares a 125-byte control frame with the 2-byte code.
	private static void closeStatus(Errors errors, int code, String reason) {
		boolean allowed = (code >= 3000 && code <= 4999) || Set.of(1000, 1001, 1008, 1011, 1013).contains(code);
		if (!allowed) {
			errors.rejectValue("closeCode", "range", "must be 3000-4999 or one of 1000, 1001, 1008, 1011, 1013");
		}
		if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > 123) {
			errors.rejectValue("closeReason", "range", "must fit in 123 bytes of UTF-8");
		}
	}

	/**
	 * The cap on sessions open at once on this instance.
	 */
	public static class Global {

		/**
		 * Largest number of WebSocket sessions open at once on this instance. 0 means no
		 * cap.
		 */
		private int maxSessions;

		/**
		 * Close code for a session over the cap that a race let past the handshake.
		 */
		private int closeCode = 1013;

		/**
		 * Close reason sent with the close code.
		 */
		private String closeReason = "Server is full, try again later";

		public int getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(int maxSessions) {
			this.maxSessions = maxSessions;
		}

		public int getCloseCode() {
			return this.closeCode;
		}

		public void setCloseCode(int closeCode) {
			this.closeCode = closeCode;
		}

		public String getCloseReason() {
			return this.closeReason;
		}

		public void setCloseReason(String closeReason) {
			this.closeReason = closeReason;
		}

	}

	/**
	 * Limits on the sessions of the endpoints that match one path pattern.
	 */
	public static class Limit {

		/**
		 * Path pattern of the endpoints, within the application, such as
		 * "/ws/rooms/{room}". SockJS endpoints need a trailing "/**".
		 */
		private String pattern;

		/**
		 * Whether a handshake is refused with 429 when a cap is already reached. When
		 * false, the session opens and is closed at once with the cap's close code, which
		 * a browser can show (it cannot read a refused handshake's status).
		 */
		private boolean refuseAtHandshake = true;

		/**
		 * The cap per user: the principal of the session, else the client address (3
		 * sessions, closed with 4001 "Too many connections").
		 */
		private final Cap user = new Cap(3, 4001, "Too many connections");

		/**
		 * The cap per room (10 sessions, closed with 4002 "Session is full").
		 */
		private final RoomLimit room = new RoomLimit();

		public String getPattern() {
			return this.pattern;
		}

		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		public boolean isRefuseAtHandshake() {
			return this.refuseAtHandshake;
		}

		public void setRefuseAtHandshake(boolean refuseAtHandshake) {
			this.refuseAtHandshake = refuseAtHandshake;
		}

		public Cap getUser() {
			return this.user;
		}

		public RoomLimit getRoom() {
			return this.room;
		}

	}

	/**
	 * A cap on the sessions of one user or room.
	 */
	public static class Cap {

		/**
		 * Whether the sessions are capped.
		 */
		private boolean enabled;

		/**
		 * Largest number of sessions open at once.
		 */
		private int maxSessions;

		/**
		 * Close code for a session over the cap.
		 */
		private int closeCode;

		/**
		 * Close reason sent with the close code.
		 */
		private String closeReason;

		Cap(int maxSessions, int closeCode, String closeReason) {
			this.maxSessions = maxSessions;
			this.closeCode = closeCode;
			this.closeReason = closeReason;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(int maxSessions) {
			this.maxSessions = maxSessions;
		}

		public int getCloseCode() {
			return this.closeCode;
		}

		public void setCloseCode(int closeCode) {
			this.closeCode = closeCode;
		}

		public String getCloseReason() {
			return this.closeReason;
		}

		public void setCloseReason(String closeReason) {
			this.closeReason = closeReason;
		}

	}

	/**
	 * The cap on the sessions of one room, and where the room comes from.
	 */
	public static class RoomLimit extends Cap {

		/**
		 * Where the handshake names the room. A handshake that does not name one is not
		 * counted in any room.
		 */
		private RoomKeySource keyFrom = RoomKeySource.PATH_VARIABLE;

		/**
		 * Name of the path variable, query parameter or header that holds the room.
		 */
		private String keyName = "room";

		RoomLimit() {
			super(10, 4002, "Session is full");
		}

		public RoomKeySource getKeyFrom() {
			return this.keyFrom;
		}

		public void setKeyFrom(RoomKeySource keyFrom) {
			this.keyFrom = keyFrom;
		}

		public String getKeyName() {
			return this.keyName;
		}

		public void setKeyName(String keyName) {
			this.keyName = keyName;
		}

	}

	/**
	 * What one session may hold, applied where the application set nothing.
	 */
	public static class Session {

		/**
		 * Longest time one send to a client may take; a session whose send takes longer
		 * is closed as too slow.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(10);

		/**
		 * Most bytes of outgoing messages buffered for one session while a send is in
		 * progress; a session that needs more is closed as too slow.
		 */
		private DataSize sendBufferSizeLimit = DataSize.ofKilobytes(64);

		/**
		 * Largest text message the servlet container accepts from a client (larger ones
		 * close the session with 1009). Tomcat allocates this per session, twice over.
		 */
		private DataSize maxTextMessageSize = DataSize.ofKilobytes(8);

		/**
		 * Largest binary message the servlet container accepts from a client (larger ones
		 * close the session with 1009). Tomcat allocates this per session.
		 */
		private DataSize maxBinaryMessageSize = DataSize.ofKilobytes(8);

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

		public DataSize getSendBufferSizeLimit() {
			return this.sendBufferSizeLimit;
		}

		public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
			this.sendBufferSizeLimit = sendBufferSizeLimit;
		}

		public DataSize getMaxTextMessageSize() {
			return this.maxTextMessageSize;
		}

		public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
			this.maxTextMessageSize = maxTextMessageSize;
		}

		public DataSize getMaxBinaryMessageSize() {
			return this.maxBinaryMessageSize;
		}

		public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
			this.maxBinaryMessageSize = maxBinaryMessageSize;
		}

	}

}
