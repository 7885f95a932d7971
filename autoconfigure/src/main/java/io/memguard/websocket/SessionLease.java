package io.memguard.websocket;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The counts one open session holds in a {@link SessionLeaseStore}. However many close
 * paths report the end of a session (close frame, transport error, abrupt disconnect,
 * shutdown), only the first {@link #release()} gives the counts back.
 */
public final class SessionLease {

	private final List<SessionQuota> quotas;

	private final Runnable giveBack;

	private final AtomicBoolean released = new AtomicBoolean();

	/**
	 * Creates a lease. Called by stores.
	 * @param quotas the quotas the lease counts against
	 * @param giveBack what the store does to give the counts back, run at most once
	 */
	public SessionLease(List<SessionQuota> quotas, Runnable giveBack) {
		this.quotas = List.copyOf(quotas);
		this.giveBack = giveBack;
	}

	/**
	 * The quotas this lease counts against.
	 * @return the quotas
	 */
	public List<SessionQuota> quotas() {
		return this.quotas;
	}

	/**
	 * Gives the counts back, the first time only.
	 * @return whether this call released the lease
	 */
	public boolean release() {
		if (!this.released.compareAndSet(false, true)) {
			return false;
		}
		this.giveBack.run();
		return true;
	}

	/**
	 * Whether the counts were given back.
	 * @return whether {@link #release()} ran
	 */
	public boolean isReleased() {
		return this.released.get();
	}

}
