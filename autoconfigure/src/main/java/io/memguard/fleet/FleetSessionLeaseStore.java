package io.memguard.fleet;

import java.util.List;

import io.memguard.websocket.LocalSessionLeaseStore;
import io.memguard.websocket.SessionAdmission;
import io.memguard.websocket.SessionCount;
import io.memguard.websocket.SessionLease;
import io.memguard.websocket.SessionLeaseStore;
import io.memguard.websocket.SessionQuota;

/**
 * Counts the sessions of users and rooms across the fleet. Every session is also counted
 * in this instance, so that while Redis is unavailable the same caps hold per instance
 * (fail open to the local limits).
 */
class FleetSessionLeaseStore implements SessionLeaseStore {

	private final FleetLeases leases;

	private final LocalSessionLeaseStore local = new LocalSessionLeaseStore();

	/**
	 * Creates the store.
	 * @param leases the fleet's lease table
	 */
	FleetSessionLeaseStore(FleetLeases leases) {
		this.leases = leases;
	}

	@Override
	public int count(SessionQuota quota) {
		int count = this.leases.count(quota.scope(), quota.key());
		return (count >= 0) ? count : this.local.count(quota);
	}

	@Override
	public SessionAdmission tryAcquire(List<SessionQuota> quotas) {
		SessionAdmission admission = this.local.tryAcquire(quotas);
		if (!admission.isAdmitted() || quotas.isEmpty()) {
			return admission;
		}
		SessionLease localLease = admission.lease();
		FleetLeases.Acquisition acquisition = this.leases.tryAcquire(quotas.stream()
			.map((quota) -> new FleetQuota(quota.scope(), quota.key(), quota.maxSessions()))
			.toList());
		if (acquisition.isRefused()) {
			localLease.release();
			return SessionAdmission.refused(quotas.get(indexOf(acquisition.refusedBy(), quotas)));
		}
		FleetLeases.Lease fleetLease = acquisition.lease();
		return SessionAdmission.admitted(new SessionLease(quotas, () -> {
			fleetLease.release();
			localLease.release();
		}));
	}

	private static int indexOf(FleetQuota refusedBy, List<SessionQuota> quotas) {
		for (int i = 0; i < quotas.size(); i++) {
			SessionQuota quota = quotas.get(i);
			if (quota.scope().equals(refusedBy.scope()) && quota.key().equals(refusedBy.key())) {
				return i;
			}
		}
		return 0;
	}

	@Override
	public List<SessionCount> busiest(String scope, int max) {
		List<FleetLeases.KeyCount> busiest = this.leases.busiest(scope, max);
		if (busiest == null) {
			return this.local.busiest(scope, max);
		}
		return busiest.stream().map((count) -> new SessionCount(count.key(), count.count())).toList();
	}

}
