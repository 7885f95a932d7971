package io.memguard.web.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests in flight, globally and per client, and admits a request only while
 * both stay within their caps. Admission is atomic (a compare-and-set loop for the global
 * count, an atomic per-key update for each client), so concurrent requests can never race
 * past a cap. A client's counter is removed when it drops to zero, so the map holds only
 * clients with requests in flight. With a {@link ClientLeaseStore}, the per-client cap
 * also holds across every instance the store counts; the global cap stays per instance.
 */
public class ConcurrencyLimiter {

	/**
	 * The outcome of {@link #tryAcquire(String)}.
	 */
	public enum Admission {

		/** Admitted: {@link #release(String)} must be called exactly once. */
		ADMITTED,

		/** Refused: the global cap is reached. */
		CONCURRENCY,

		/** Refused: the client's cap is reached. */
		CLIENT_LIMIT

	}

	private final int maxConcurrent;

	private final int maxPerClient;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

	private final ClientLeaseStore sharedCounts;

	/**
	 * Creates a limiter that counts in this instance only.
	 * @param maxConcurrent the global cap, 0 or less for none
	 * @param maxPerClient the per-client cap, 0 or less for none
	 */
	public ConcurrencyLimiter(int maxConcurrent, int maxPerClient) {
		this(maxConcurrent, maxPerClient, null);
	}

	/**
	 * Creates a limiter whose per-client cap also holds across the instances a store
	 * counts.
	 * @param maxConcurrent the global cap, 0 or less for none
	 * @param maxPerClient the per-client cap, 0 or less for none
	 * @param sharedCounts where clients are counted across instances, or {@code null};
	 * asked only with a per-client cap
	 */
	public ConcurrencyLimiter(int maxConcurrent, int maxPerClient, ClientLeaseStore sharedCounts) {
		this.maxConcurrent = maxConcurrent;
		this.maxPerClient = maxPerClient;
		this.sharedCounts = (maxPerClient > 0) ? sharedCounts : null;
	}

	/**
	 * Tries to admit a request.
	 * @param clientKey the client's key; ignored without a per-client cap
	 * @return whether the request is admitted, and if not, why
	 */
	public Admission tryAcquire(String clientKey) {
		if (!acquireGlobal()) {
			return Admission.CONCURRENCY;
		}
		if (this.maxPerClient > 0 && !acquireForClient(clientKey)) {
			this.inFlight.decrementAndGet();
			return Admission.CLIENT_LIMIT;
		}
		if (this.sharedCounts != null && !this.sharedCounts.tryAcquire(clientKey, this.maxPerClient)) {
			releaseForClient(clientKey);
			this.inFlight.decrementAndGet();
			return Admission.CLIENT_LIMIT;
		}
		return Admission.ADMITTED;
	}

	private boolean acquireGlobal() {
		if (this.maxConcurrent <= 0) {
			this.inFlight.incrementAndGet();
			return true;
		}
		while (true) {
			int current = this.inFlight.get();
			if (current >= this.maxConcurrent) {
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	private boolean acquireForClient(String clientKey) {
		boolean[] admitted = new boolean[1];
		this.perClient.compute(clientKey, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.maxPerClient) {
				return count;
			}
			admitted[0] = true;
			return current + 1;
		});
		return admitted[0];
	}

	/**
	 * Releases the slot of an admitted request.
	 * @param clientKey the key given to {@link #tryAcquire(String)}
	 */
	public void release(String clientKey) {
		if (this.sharedCounts != null) {
			this.sharedCounts.release(clientKey);
		}
		if (this.maxPerClient > 0) {
			releaseForClient(clientKey);
		}
		this.inFlight.decrementAndGet();
	}

	private void releaseForClient(String clientKey) {
		this.perClient.computeIfPresent(clientKey, (key, count) -> (count > 1) ? count - 1 : null);
	}

	/**
	 * Whether admission depends on the client, so callers must resolve its key.
	 * @return whether there is a per-client cap
	 */
	public boolean isLimitingPerClient() {
		return this.maxPerClient > 0;
	}

	/**
	 * Requests in flight now.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Requests in flight now for one client on this instance.
	 * @param clientKey the client's key
	 * @return the count, 0 when the client has none or there is no per-client cap
	 */
	public int inFlight(String clientKey) {
		return this.perClient.getOrDefault(clientKey, 0);
	}

	/**
	 * Clients with requests in flight now (only tracked with a per-client cap).
	 * @return the number of clients
	 */
	public int clientCount() {
		return this.perClient.size();
	}

	/**
	 * The global cap.
	 * @return the cap, 0 or less for none
	 */
	public int maxConcurrent() {
		return this.maxConcurrent;
	}

	/**
	 * The per-client cap.
	 * @return the cap, 0 or less for none
	 */
	public int maxPerClient() {
		return this.maxPerClient;
	}

}
