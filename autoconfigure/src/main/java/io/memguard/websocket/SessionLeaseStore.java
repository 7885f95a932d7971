package io.memguard.websocket;

import java.util.List;

/**
 * Where the sessions of users and rooms are counted. {@link LocalSessionLeaseStore}
 * counts in this JVM; a store shared by several instances (one on Redis, say) counts
 * across them, so a user's third session on any instance is the third. The cap on
 * sessions per instance is not a store's business: it stays local.
 */
public interface SessionLeaseStore {

	/**
	 * Sessions counted now under a quota's scope and key. Read on every handshake to
	 * refuse early, so it must be cheap; it may lag behind concurrent changes.
	 * @param quota the quota
	 * @return the sessions counted
	 */
	int count(SessionQuota quota);

	/**
	 * Counts one session against every quota, atomically: all or none. A counter that
	 * reaches zero again must not be kept.
	 * @param quotas the quotas; may be empty
	 * @return the lease, or the first quota found full
	 */
	SessionAdmission tryAcquire(List<SessionQuota> quotas);

	/**
	 * The keys of one scope with the most sessions, most first.
	 * @param scope the scope
	 * @param max how many keys at most
	 * @return the keys and their counts
	 */
	List<SessionCount> busiest(String scope, int max);

}
