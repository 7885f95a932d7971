package io.memguard.web.limits;

/**
 * Counts each client's requests in flight beyond this instance, so a per-client cap holds
 * across every instance of the application (a store on Redis, say). The
 * {@link ConcurrencyLimiter} always counts locally first: a store is asked only for a
 * request the local count admits, and a store that cannot answer quickly admits it, so
 * the local cap decides (fail open).
 */
public interface ClientLeaseStore {

	/**
	 * Takes one of a client's places, unless the client already has as many requests in
	 * flight as its cap, counted across every instance.
	 * @param clientKey the client's key
	 * @param maxPerClient the cap
	 * @return whether the request may proceed; {@link #release(String)} must then be
	 * called exactly once
	 */
	boolean tryAcquire(String clientKey, int maxPerClient);

	/**
	 * Gives back a place taken by {@link #tryAcquire}. Must not wait for a remote store.
	 * @param clientKey the client's key
	 */
	void release(String clientKey);

}
