package io.memguard.websocket;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.rejection.RequestRejections;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Counts open WebSocket sessions against the global cap of this instance and, through a
 * {@link SessionLeaseStore}, against the caps of their users and rooms.
 * <p>
 * A handshake only reads the counts ({@link #refusalAtHandshake}); the counts are taken
 * when the session opens ({@link #tryOpen}), atomically, so no race lets more sessions in
 * than a cap allows: a session that passed the handshake while others took the last
 * places is closed at once with its cap's close code. Nothing is counted before the
 * session is open, so a failed handshake cannot leave a count behind. Every open session
 * holds one {@link SessionLease}, given back exactly once: on {@link #close}, whatever
 * the reason, and at shutdown for any session still open (which is closed with
 * {@code 1001}).
 */
public class WebSocketSessionLimiter implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WebSocketSessionLimiter.class);

	private final SessionLimits limits;

	private final SessionCap global;

	private final SessionLeaseStore store;

	private final RequestRejections rejections;

	private final AtomicInteger open = new AtomicInteger();

	private final Map<WebSocketSession, SessionLease> leases = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Creates a limiter.
	 * @param limits the limits by endpoint
	 * @param global the cap on sessions of this instance; a maximum of 0 or less means no
	 * cap
	 * @param store where users and rooms are counted
	 * @param rejections where refusals are counted
	 */
	public WebSocketSessionLimiter(SessionLimits limits, SessionCap global, SessionLeaseStore store,
			RequestRejections rejections) {
		this.limits = limits;
		this.global = global;
		this.store = store;
		this.rejections = rejections;
	}

	/**
	 * Whether a handshake must be refused because a cap it counts against is already
	 * reached. Counts the refusal. Reads counts only; never refuses claims whose limit
	 * refuses by close code.
	 * @param claims the claims of the handshake
	 * @return the cap that is full, or {@code null} to go on with the handshake
	 */
	public SessionCap refusalAtHandshake(SessionClaims claims) {
		if (!claims.refuseAtHandshake()) {
			return null;
		}
		SessionCap full = fullCap(claims);
		if (full != null) {
			this.rejections.record(full.reason());
		}
		return full;
	}

	private SessionCap fullCap(SessionClaims claims) {
		if (this.global.maxSessions() > 0 && this.open.get() >= this.global.maxSessions()) {
			return this.global;
		}
		for (SessionQuota quota : claims.quotas()) {
			if (this.store.count(quota) >= quota.maxSessions()) {
				return claims.capOf(quota);
			}
		}
		return null;
	}

	/**
	 * Counts a session that has just opened, if every cap it counts against has room.
	 * Counts the refusal otherwise; the caller closes the session with the cap's status.
	 * @param session the session
	 * @param claims its claims
	 * @return {@code null} when the session is admitted, else the cap that is full
	 */
	public SessionCap tryOpen(WebSocketSession session, SessionClaims claims) {
		if (!acquireGlobal()) {
			this.rejections.record(this.global.reason());
			return this.global;
		}
		SessionAdmission admission;
		try {
			admission = this.store.tryAcquire(claims.quotas());
		}
		catch (RuntimeException ex) {
			this.open.decrementAndGet();
			throw ex;
		}
		if (!admission.isAdmitted()) {
			this.open.decrementAndGet();
			SessionCap cap = claims.capOf(admission.refusedBy());
			this.rejections.record(cap.reason());
			return cap;
		}
		SessionLease storeLease = admission.lease();
		this.leases.put(session, new SessionLease(storeLease.quotas(), () -> {
			this.open.decrementAndGet();
			storeLease.release();
		}));
		return null;
	}

	private boolean acquireGlobal() {
		if (this.global.maxSessions() <= 0) {
			this.open.incrementAndGet();
			return true;
		}
		while (true) {
			int current = this.open.get();
			if (current >= this.global.maxSessions()) {
				return false;
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Gives back the counts of a session that ended, however it ended. Idempotent.
	 * @param session the session
	 * @return whether the session was counted until now
	 */
	public boolean close(WebSocketSession session) {
		SessionLease lease = this.leases.remove(session);
		return lease != null && lease.release();
	}

	/**
	 * Whether a session is counted.
	 * @param session the session
	 * @return whether it was admitted and has not ended
	 */
	public boolean isOpen(WebSocketSession session) {
		return this.leases.containsKey(session);
	}

	/**
	 * Sessions open now on this instance.
	 * @return the count
	 */
	public int openSessions() {
		return this.open.get();
	}

	/**
	 * The global cap of this instance.
	 * @return the cap
	 */
	public SessionCap global() {
		return this.global;
	}

	/**
	 * The limits by endpoint.
	 * @return the limits
	 */
	public SessionLimits limits() {
		return this.limits;
	}

	/**
	 * The keys of a scope with the most sessions.
	 * @param scope a user or room scope of a limit
	 * @param max how many at most
	 * @return the busiest keys, most first
	 */
	public List<SessionCount> busiest(String scope, int max) {
		return this.store.busiest(scope, max);
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Closes every session still open with {@code 1001} (going away) and gives back every
	 * count, so that a shared store does not keep them after this instance is gone.
	 */
	@Override
	public void stop() {
		this.running = false;
		for (WebSocketSession session : List.copyOf(this.leases.keySet())) {
			try {
				session.close(CloseStatus.GOING_AWAY);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not close WebSocket session " + session.getId() + " at shutdown", ex);
			}
			close(session);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
