package io.memguard.websocket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts sessions in this JVM. Each counter is updated atomically (one
 * {@link ConcurrentHashMap#compute} per quota), so concurrent sessions never race past a
 * cap; when a later quota of a session is full, the counts already taken are given back.
 * A counter is removed when it drops to zero, so the map holds only users and rooms with
 * open sessions.
 */
public class LocalSessionLeaseStore implements SessionLeaseStore {

	private final ConcurrentHashMap<Counter, Integer> counters = new ConcurrentHashMap<>();

	@Override
	public int count(SessionQuota quota) {
		return this.counters.getOrDefault(Counter.of(quota), 0);
	}

	@Override
	public SessionAdmission tryAcquire(List<SessionQuota> quotas) {
		List<SessionQuota> taken = new ArrayList<>(quotas.size());
		for (SessionQuota quota : quotas) {
			if (!increment(quota)) {
				taken.forEach(this::decrement);
				return SessionAdmission.refused(quota);
			}
			taken.add(quota);
		}
		return SessionAdmission.admitted(new SessionLease(taken, () -> taken.forEach(this::decrement)));
	}

	private boolean increment(SessionQuota quota) {
		boolean[] admitted = new boolean[1];
		this.counters.compute(Counter.of(quota), (counter, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= quota.maxSessions()) {
				return count;
			}
			admitted[0] = true;
			return current + 1;
		});
		return admitted[0];
	}

	private void decrement(SessionQuota quota) {
		this.counters.computeIfPresent(Counter.of(quota), (counter, count) -> (count > 1) ? count - 1 : null);
	}

	@Override
	public List<SessionCount> busiest(String scope, int max) {
		return this.counters.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().scope().equals(scope))
			.map((entry) -> new SessionCount(entry.getKey().key(), entry.getValue()))
			.sorted(Comparator.comparingInt(SessionCount::sessions).reversed().thenComparing(SessionCount::key))
			.limit(max)
			.toList();
	}

	/**
	 * Counters held now, over all scopes.
	 * @return the number of users and rooms with open sessions
	 */
	public int counterCount() {
		return this.counters.size();
	}

	private record Counter(String scope, String key) {

		static Counter of(SessionQuota quota) {
			return new Counter(quota.scope(), quota.key());
		}

	}

}
