package io.memguard.websocket;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a session counts against: the limit of its endpoint, its user and its room.
 *
 * @param limit the limit of the endpoint, or {@code null} when no limit matches (the
 * session then counts against the global cap only)
 * @param userKey the user, when the limit caps users
 * @param roomKey the room, when the limit caps rooms and the handshake names one
 */
record SessionClaims(SessionLimit limit, String userKey, String roomKey) {

	/** The claims of a session that no limit matches. */
	public static final SessionClaims GLOBAL_ONLY = new SessionClaims(null, null, null);

	/**
	 * The same claims with the user of an open session, which may differ from the
	 * handshake's when a {@code HandshakeHandler} determines the user.
	 * @param principal the session's principal, or {@code null}
	 * @return the claims keyed by the principal when there is one
	 */
	public SessionClaims withPrincipal(Principal principal) {
		if (principal == null || this.userKey == null) {
			return this;
		}
		return new SessionClaims(this.limit, "principal:" + principal.getName(), this.roomKey);
	}

	/**
	 * Whether a handshake over a cap is refused with a status rather than by closing the
	 * session.
	 * @return whether to refuse at the handshake
	 */
	public boolean refuseAtHandshake() {
		return this.limit == null || this.limit.refuseAtHandshake();
	}

	/**
	 * The quota of the user.
	 * @return the quota, or {@code null} when users are not capped
	 */
	public SessionQuota userQuota() {
		if (this.limit == null || this.limit.user() == null || this.userKey == null) {
			return null;
		}
		return new SessionQuota(this.limit.userScope(), this.userKey, this.limit.user().maxSessions());
	}

	/**
	 * The quota of the room.
	 * @return the quota, or {@code null} when rooms are not capped or no room is named
	 */
	public SessionQuota roomQuota() {
		if (this.limit == null || this.limit.room() == null || this.roomKey == null) {
			return null;
		}
		return new SessionQuota(this.limit.roomScope(), this.roomKey, this.limit.room().maxSessions());
	}

	/**
	 * Every quota the session counts against in a {@link SessionLeaseStore}.
	 * @return the quotas, user first
	 */
	public List<SessionQuota> quotas() {
		List<SessionQuota> quotas = new ArrayList<>(2);
		SessionQuota user = userQuota();
		if (user != null) {
			quotas.add(user);
		}
		SessionQuota room = roomQuota();
		if (room != null) {
			quotas.add(room);
		}
		return quotas;
	}

	/**
	 * The cap a quota of these claims belongs to.
	 * @param quota a quota of {@link #quotas()}
	 * @return the user or room cap
	 */
	SessionCap capOf(SessionQuota quota) {
		return quota.scope().equals(this.limit.userScope()) ? this.limit.user() : this.limit.room();
	}

}
