package io.memguard.fleet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.web.limits.ClientLeaseStore;

/**
 * Counts each client's requests in flight across the fleet: one lease per request in the
 * scope {@value #SCOPE}, keyed by the client. A request ending gives back any one of its
 * client's leases on this instance, which are all alike.
 */
class FleetClientLeaseStore implements ClientLeaseStore {

	/** The scope of the per-client leases. */
	public static final String SCOPE = "http";

	private final FleetLeases leases;

	private final ConcurrentHashMap<String, Deque<FleetLeases.Lease>> byClient = new ConcurrentHashMap<>();

	/**
	 * Creates the store.
	 * @param leases the fleet's lease table
	 */
	FleetClientLeaseStore(FleetLeases leases) {
		this.leases = leases;
	}

	@Override
	public boolean tryAcquire(String clientKey, int maxPerClient) {
		FleetLeases.Acquisition acquisition = this.leases
			.tryAcquire(List.of(new FleetQuota(SCOPE, clientKey, maxPerClient)));
		if (acquisition.isRefused()) {
			return false;
		}
		// every change to a client's deque happens inside compute, under the map's lock
		this.byClient.compute(clientKey, (key, held) -> {
			Deque<FleetLeases.Lease> leases = (held != null) ? held : new ArrayDeque<>(2);
			leases.add(acquisition.lease());
			return leases;
		});
		return true;
	}

	@Override
	public void release(String clientKey) {
		FleetLeases.Lease[] released = new FleetLeases.Lease[1];
		this.byClient.computeIfPresent(clientKey, (key, held) -> {
			released[0] = held.poll();
			return held.isEmpty() ? null : held;
		});
		if (released[0] != null) {
			released[0].release();
		}
	}

}
