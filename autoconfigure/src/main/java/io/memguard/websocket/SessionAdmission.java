package io.memguard.websocket;

/**
 * The outcome of {@link SessionLeaseStore#tryAcquire}: a lease, or the quota that was
 * full.
 *
 * @param lease the lease when admitted, else {@code null}
 * @param refusedBy the full quota when refused, else {@code null}
 */
public record SessionAdmission(SessionLease lease, SessionQuota refusedBy) {

	/**
	 * An admission.
	 * @param lease the lease taken
	 * @return the admission
	 */
	public static SessionAdmission admitted(SessionLease lease) {
		return new SessionAdmission(lease, null);
	}

	/**
	 * A refusal.
	 * @param quota the quota that was full
	 * @return the refusal
	 */
	public static SessionAdmission refused(SessionQuota quota) {
		return new SessionAdmission(null, quota);
	}

	/**
	 * Whether the session was admitted.
	 * @return whether there is a lease
	 */
	public boolean isAdmitted() {
		return this.lease != null;
	}

}
