package io.memguard.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ScriptOutputType;

import org.springframework.context.SmartLifecycle;

/**
 * Counts shared by the fleet, as leases in Redis: each count is one member of a sorted
 * set per scope and key, scored by the time it expires, held by the instance that took
 * it.
 * <p>
 * A lease is taken by one Lua script in one round trip that prunes expired members,
 * checks every cap and adds the lease to every count, all or none. The instance renews
 * the leases it holds three times per lease time, so a lease outlives a dead instance by
 * at most the lease time; the time is Redis's own, so the instances' clocks do not
 * matter. A lease is given back without waiting for Redis.
 * <p>
 * When Redis fails or is slow, {@link #tryAcquire} answers {@link Acquisition#local()}:
 * the caller's local count decides (fail open). The leases taken meanwhile are kept, and
 * when Redis answers again every lease this instance holds is registered again (Redis may
 * have restarted empty) and the leases given back meanwhile are removed, before fleet
 * mode resumes.
 */
public class FleetLeases implements SmartLifecycle, FleetRedis.Recovery {

	// KEYS in pairs (lease key, index key); ARGV: member, lease time, then pairs (cap,
	// key
	// in the index)
	static final FleetRedis.Script ACQUIRE = FleetRedis.Script.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local n = #KEYS / 2
			for i = 1, n do
			  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i - 1], '-inf', now)
			  if redis.call('ZCARD', KEYS[2 * i - 1]) >= tonumber(ARGV[1 + 2 * i]) then
			    return i
			  end
			end
			local leaseMillis = tonumber(ARGV[2])
			for i = 1, n do
			  local leases = KEYS[2 * i - 1]
			  redis.call('ZADD', leases, now + leaseMillis, ARGV[1])
			  redis.call('PEXPIRE', leases, leaseMillis)
			  redis.call('ZADD', KEYS[2 * i], redis.call('ZCARD', leases), ARGV[2 + 2 * i])
			  redis.call('PEXPIRE', KEYS[2 * i], leaseMillis)
			end
			return 0""", ScriptOutputType.INTEGER);

	// KEYS in pairs (lease key, index key); ARGV in pairs (member, key in the index)
	static final FleetRedis.Script RELEASE = FleetRedis.Script.of("""
			for i = 1, #KEYS, 2 do
			  redis.call('ZREM', KEYS[i], ARGV[i])
			  local count = redis.call('ZCARD', KEYS[i])
			  if count == 0 then
			    redis.call('ZREM', KEYS[i + 1], ARGV[i + 1])
			  else
			    redis.call('ZADD', KEYS[i + 1], count, ARGV[i + 1])
			  end
			end
			return 0""", ScriptOutputType.INTEGER);

	// renews leases still present and tells which are missing; or registers them again
	static final FleetRedis.Script RENEW = FleetRedis.Script.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local leaseMillis = tonumber(ARGV[1])
			local register = ARGV[2] == 'register'
			local missing = {}
			for i = 1, #KEYS, 2 do
			  local member = ARGV[i + 2]
			  if register then
			    redis.call('ZADD', KEYS[i], now + leaseMillis, member)
			    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
			    redis.call('ZADD', KEYS[i + 1], redis.call('ZCARD', KEYS[i]), ARGV[i + 3])
			  elseif redis.call('ZADD', KEYS[i], 'XX', 'CH', now + leaseMillis, member) == 0 then
			    table.insert(missing, (i + 1) / 2)
			  end
			  redis.call('PEXPIRE', KEYS[i], leaseMillis)
			  redis.call('PEXPIRE', KEYS[i + 1], leaseMillis)
			end
			return missing""", ScriptOutputType.MULTI);

	static final FleetRedis.Script COUNT = FleetRedis.Script.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
			return redis.call('ZCARD', KEYS[1])""", ScriptOutputType.INTEGER);

	// recounts the top candidates of a scope's index, dropping keys without leases
	static final FleetRedis.Script BUSIEST = FleetRedis.Script.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local busiest = {}
			for _, key in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)) do
			  local leases = ARGV[1] .. key
			  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
			  local count = redis.call('ZCARD', leases)
			  if count == 0 then
			    redis.call('ZREM', KEYS[1], key)
			  else
			    redis.call('ZADD', KEYS[1], count, key)
			    table.insert(busiest, key)
			    table.insert(busiest, count)
			  end
			end
			return busiest""", ScriptOutputType.MULTI);

	private static final int BATCH = 256;

	private static final byte[] RENEW_MODE = "renew".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REGISTER_MODE = "register".getBytes(StandardCharsets.US_ASCII);

	private final FleetRedis redis;

	private final String memberPrefix;

	private final Duration leaseTime;

	private final byte[] leaseMillis;

	private final AtomicLong leaseCounter = new AtomicLong();

	private final Set<Lease> held = ConcurrentHashMap.newKeySet();

	private final ConcurrentLinkedQueue<Lease> releasedWhileUnavailable = new ConcurrentLinkedQueue<>();

	private volatile ScheduledFuture<?> renewal;

	/**
	 * Creates the lease table.
	 * @param redis the link to Redis
	 * @param instanceId the id of this instance, which prefixes its leases
	 * @param leaseTime how long a lease lives without renewal
	 */
	public FleetLeases(FleetRedis redis, String instanceId, Duration leaseTime) {
		this.redis = redis;
		this.memberPrefix = instanceId + "#";
		this.leaseTime = leaseTime;
		this.leaseMillis = ascii(leaseTime.toMillis());
		redis.addRecovery(this);
	}

	/**
	 * Takes a lease on every quota, if every count is below its cap across the fleet.
	 * @param quotas the quotas, at least one
	 * @return the lease, a refusal, or a lease on local counts only when Redis is
	 * unavailable
	 */
	public Acquisition tryAcquire(List<FleetQuota> quotas) {
		Lease lease = new Lease(quotas, this.memberPrefix + this.leaseCounter.incrementAndGet());
		if (this.redis.isAvailable()) {
			byte[][] args = new byte[2 + 2 * quotas.size()][];
			args[0] = lease.member;
			args[1] = this.leaseMillis;
			for (int i = 0; i < quotas.size(); i++) {
				args[2 + 2 * i] = ascii(quotas.get(i).max());
				args[3 + 2 * i] = lease.indexMembers[i];
			}
			Long refusedBy = this.redis.evalNow(ACQUIRE, lease.keys, args);
			if (refusedBy != null && refusedBy > 0) {
				return new Acquisition(null, quotas.get(refusedBy.intValue() - 1), false);
			}
			// a timed-out script may still run: the lease may be in Redis either way
			lease.mayBeInRedis = true;
			this.held.add(lease);
			if (refusedBy != null) {
				return new Acquisition(lease, null, false);
			}
		}
		else {
			this.held.add(lease);
		}
		this.redis.failedOpen();
		return new Acquisition(lease, null, true);
	}

	/**
	 * Gives a lease back, without waiting for Redis. Idempotent.
	 * @param lease the lease
	 */
	public void release(Lease lease) {
		if (!lease.released.compareAndSet(false, true)) {
			return;
		}
		this.held.remove(lease);
		if (!lease.mayBeInRedis) {
			return;
		}
		if (this.redis.isAvailable()) {
			this.redis.evalAndForget(RELEASE, lease.keys, lease.releaseArgs(),
					() -> this.releasedWhileUnavailable.add(lease));
		}
		else {
			this.releasedWhileUnavailable.add(lease);
		}
	}

	/**
	 * Leases counted now under one quota across the fleet.
	 * @param scope the scope
	 * @param key the key
	 * @return the count, or -1 when Redis is unavailable
	 */
	public int count(String scope, String key) {
		if (this.redis.isAvailable()) {
			Long count = this.redis.evalNow(COUNT, new byte[][] { leaseKey(scope, key) });
			if (count != null) {
				return count.intValue();
			}
		}
		this.redis.failedOpen();
		return -1;
	}

	/**
	 * The keys of a scope with the most leases across the fleet.
	 * @param scope the scope
	 * @param max how many keys at most
	 * @return the keys and their counts, most first, or {@code null} when Redis is
	 * unavailable
	 */
	public List<KeyCount> busiest(String scope, int max) {
		if (!this.redis.isAvailable()) {
			return null;
		}
		List<Object> flat = this.redis.evalInBackground(BUSIEST, new byte[][] { indexKey(scope) },
				(this.redis.keyPrefix() + "lease:" + scope + ":").getBytes(StandardCharsets.UTF_8), ascii(max * 4L));
		if (flat == null) {
			return null;
		}
		List<KeyCount> counts = new ArrayList<>(flat.size() / 2);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			counts.add(new KeyCount(new String((byte[]) flat.get(i), StandardCharsets.UTF_8),
					((Long) flat.get(i + 1)).intValue()));
		}
		return counts.stream()
			.sorted(Comparator.comparingInt(KeyCount::count).reversed().thenComparing(KeyCount::key))
			.limit(max)
			.toList();
	}

	/**
	 * Leases this instance holds now.
	 * @return the count
	 */
	public int heldLeases() {
		return this.held.size();
	}

	/**
	 * How long a lease lives without renewal.
	 * @return the lease time
	 */
	public Duration leaseTime() {
		return this.leaseTime;
	}

	/**
	 * Renews every lease this instance holds; registers again those Redis lost.
	 */
	void renew() {
		if (!this.redis.isAvailable()) {
			return;
		}
		List<Lease> leases = this.held.stream().filter((lease) -> lease.mayBeInRedis).toList();
		List<Lease> missing = new ArrayList<>();
		for (List<LeasePair> batch : batches(leases)) {
			List<Object> lost = runBatch(batch, RENEW_MODE);
			if (lost == null) {
				return;
			}
			for (Object index : lost) {
				missing.add(batch.get(((Long) index).intValue() - 1).lease);
			}
		}
		register(missing.stream().filter(this.held::contains).distinct().toList());
	}

	@Override
	public void recover() {
		List<Lease> leases = List.copyOf(this.held);
		if (!register(leases)) {
			throw new IllegalStateException("Redis failed while leases were registered again");
		}
		leases.forEach((lease) -> lease.mayBeInRedis = true);
		if (!removeReleasedWhileUnavailable()) {
			throw new IllegalStateException("Redis failed while released leases were removed");
		}
	}

	@Override
	public void afterRecovery() {
		// leases taken or released on local counts while the recovery ran
		List<Lease> unregistered = this.held.stream().filter((lease) -> !lease.mayBeInRedis).toList();
		if (register(unregistered)) {
			unregistered.forEach((lease) -> lease.mayBeInRedis = true);
		}
		removeReleasedWhileUnavailable();
	}

	private boolean removeReleasedWhileUnavailable() {
		List<Lease> released = new ArrayList<>();
		for (Lease lease = this.releasedWhileUnavailable.poll(); lease != null; lease = this.releasedWhileUnavailable
			.poll()) {
			released.add(lease);
		}
		for (List<LeasePair> batch : batches(released)) {
			if (this.redis.evalInBackground(RELEASE, keysOf(batch), membersOf(batch)) == null) {
				this.releasedWhileUnavailable.addAll(released);
				return false;
			}
		}
		return true;
	}

	private boolean register(List<Lease> leases) {
		for (List<LeasePair> batch : batches(leases)) {
			if (runBatch(batch, REGISTER_MODE) == null) {
				return false;
			}
		}
		return true;
	}

	private List<Object> runBatch(List<LeasePair> batch, byte[] mode) {
		return this.redis.evalInBackground(RENEW, keysOf(batch), membersOf(batch, this.leaseMillis, mode));
	}

	private static byte[][] keysOf(List<LeasePair> batch) {
		byte[][] keys = new byte[batch.size() * 2][];
		for (int i = 0; i < batch.size(); i++) {
			LeasePair pair = batch.get(i);
			keys[2 * i] = pair.lease.keys[2 * pair.quota];
			keys[2 * i + 1] = pair.lease.keys[2 * pair.quota + 1];
		}
		return keys;
	}

	private static byte[][] membersOf(List<LeasePair> batch, byte[]... leading) {
		byte[][] args = new byte[leading.length + batch.size() * 2][];
		System.arraycopy(leading, 0, args, 0, leading.length);
		for (int i = 0; i < batch.size(); i++) {
			LeasePair pair = batch.get(i);
			args[leading.length + 2 * i] = pair.lease.member;
			args[leading.length + 2 * i + 1] = pair.lease.indexMembers[pair.quota];
		}
		return args;
	}

	private static List<List<LeasePair>> batches(List<Lease> leases) {
		List<List<LeasePair>> batches = new ArrayList<>();
		List<LeasePair> batch = new ArrayList<>();
		for (Lease lease : leases) {
			for (int quota = 0; quota < lease.quotas.size(); quota++) {
				batch.add(new LeasePair(lease, quota));
				if (batch.size() == BATCH) {
					batches.add(batch);
					batch = new ArrayList<>();
				}
			}
		}
		if (!batch.isEmpty()) {
			batches.add(batch);
		}
		return batches;
	}

	private byte[] leaseKey(String scope, String key) {
		return this.redis.key("lease:" + scope + ":" + key);
	}

	private byte[] indexKey(String scope) {
		return this.redis.key("leases:" + scope);
	}

	private static byte[] ascii(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	@Override
	public void start() {
		this.renewal = this.redis.every(this::renew, this.leaseTime.dividedBy(3));
	}

	/**
	 * Stops renewing and gives back every lease still held, so that a clean shutdown
	 * leaves no count behind.
	 */
	@Override
	public void stop() {
		ScheduledFuture<?> task = this.renewal;
		if (task != null) {
			task.cancel(false);
		}
		this.renewal = null;
		List<Lease> leases = List.copyOf(this.held);
		leases.forEach((lease) -> {
			if (lease.released.compareAndSet(false, true)) {
				this.held.remove(lease);
				if (lease.mayBeInRedis) {
					this.releasedWhileUnavailable.add(lease);
				}
			}
		});
		if (this.redis.isAvailable()) {
			removeReleasedWhileUnavailable();
		}
	}

	@Override
	public boolean isRunning() {
		return this.renewal != null;
	}

	/**
	 * Stops after the web server and the WebSocket limiter have given their leases back.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * One lease: one member in the count of each of its quotas.
	 */
	public final class Lease {

		private final List<FleetQuota> quotas;

		private final byte[] member;

		// in pairs: lease key, index key
		private final byte[][] keys;

		private final byte[][] indexMembers;

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile boolean mayBeInRedis;

		Lease(List<FleetQuota> quotas, String member) {
			this.quotas = quotas;
			this.member = member.getBytes(StandardCharsets.UTF_8);
			int n = quotas.size();
			this.keys = new byte[2 * n][];
			this.indexMembers = new byte[n][];
			for (int i = 0; i < n; i++) {
				FleetQuota quota = quotas.get(i);
				this.keys[2 * i] = leaseKey(quota.scope(), quota.key());
				this.keys[2 * i + 1] = indexKey(quota.scope());
				this.indexMembers[i] = quota.key().getBytes(StandardCharsets.UTF_8);
			}
		}

		private byte[][] releaseArgs() {
			byte[][] args = new byte[2 * this.quotas.size()][];
			for (int i = 0; i < this.quotas.size(); i++) {
				args[2 * i] = this.member;
				args[2 * i + 1] = this.indexMembers[i];
			}
			return args;
		}

		/**
		 * Gives the lease back. Idempotent.
		 */
		public void release() {
			FleetLeases.this.release(this);
		}

	}

	private record LeasePair(Lease lease, int quota) {
	}

	/**
	 * The outcome of {@link #tryAcquire}.
	 *
	 * @param lease the lease taken, or {@code null} when refused
	 * @param refusedBy the quota found full, or {@code null}
	 * @param local whether Redis was unavailable, so only the caller's local count
	 * decides
	 */
	public record Acquisition(Lease lease, FleetQuota refusedBy, boolean local) {

		/**
		 * Whether a cap was full across the fleet.
		 * @return {@code true} when refused
		 */
		public boolean isRefused() {
			return this.lease == null;
		}

	}

	/**
	 * The leases of one key of a scope.
	 *
	 * @param key the key
	 * @param count its leases across the fleet
	 */
	public record KeyCount(String key, int count) {
	}

}
