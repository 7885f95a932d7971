package io.memguard.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.lettuce.core.ScriptOutputType;

import io.memguard.memory.MemoryPressureChange;
import io.memguard.memory.MemoryPressureListener;
import io.memguard.memory.MemorySnapshot;

import org.springframework.context.SmartLifecycle;

/**
 * Registers this instance in Redis and reads the whole fleet back, in one script per
 * heartbeat: a hash per instance (host, memory level, retained ratio, pool size, whether
 * it fails open) that expires with the instance's time-to-live, and a sorted set of the
 * instances scored by when they expire. Heartbeats are sent three times per time-to-live
 * and at once when the memory-pressure level changes; the fleet read back is kept for
 * {@code /actuator/memory} and handed to the listeners (the live connection budget).
 */
public class FleetRegistry implements SmartLifecycle, MemoryPressureListener {

	// KEYS: the instances, this instance's hash; ARGV: id, time-to-live, hash key prefix,
	// then field-value pairs
	static final FleetRedis.Script HEARTBEAT = FleetRedis.Script.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local ttl = tonumber(ARGV[2])
			redis.call('HSET', KEYS[2], 'heartbeat', now, unpack(ARGV, 4))
			redis.call('PEXPIRE', KEYS[2], ttl)
			redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
			local fleet = { now }
			for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
			  local fields = redis.call('HGETALL', ARGV[3] .. id)
			  if #fields > 0 then
			    table.insert(fleet, id)
			    table.insert(fleet, fields)
			  end
			end
			return fleet""", ScriptOutputType.MULTI);

	static final FleetRedis.Script LEAVE = FleetRedis.Script.of("""
			redis.call('ZREM', KEYS[1], ARGV[1])
			redis.call('DEL', KEYS[2])
			return 0""", ScriptOutputType.INTEGER);

	private final FleetRedis redis;

	private final String instanceId;

	private final String host;

	private final Duration ttl;

	private final Supplier<MemorySnapshot> memory;

	private final int poolSize;

	private final List<Consumer<List<FleetInstance>>> listeners;

	private final Instant startedAt = Instant.now();

	private volatile List<FleetInstance> instances = List.of();

	private volatile Instant readAt;

	private volatile ScheduledFuture<?> heartbeats;

	/**
	 * Creates the registry.
	 * @param redis the link to Redis
	 * @param instanceId the id of this instance
	 * @param host the host name shown for this instance
	 * @param ttl how long an instance stays registered after its last heartbeat
	 * @param memory supplies the latest memory reading, or {@code null} when unknown
	 * @param poolSize this instance's maximum pool size, or -1 when unknown
	 * @param listeners told about the fleet after each heartbeat, on the fleet's thread
	 */
	public FleetRegistry(FleetRedis redis, String instanceId, String host, Duration ttl,
			Supplier<MemorySnapshot> memory, int poolSize, List<Consumer<List<FleetInstance>>> listeners) {
		this.redis = redis;
		this.instanceId = instanceId;
		this.host = host;
		this.ttl = ttl;
		this.memory = memory;
		this.poolSize = poolSize;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Sends one heartbeat and reads the fleet back. A failure leaves the last fleet read.
	 */
	void heartbeat() {
		if (this.heartbeats == null) {
			return;
		}
		List<byte[]> args = new ArrayList<>();
		args.add(utf8(this.instanceId));
		args.add(utf8(Long.toString(this.ttl.toMillis())));
		args.add(utf8(this.redis.keyPrefix() + "instance:"));
		field(args, "host", this.host);
		field(args, "startedAt", this.startedAt.toString());
		field(args, "poolSize", Integer.toString(this.poolSize));
		field(args, "failingOpen", Boolean.toString(!this.redis.isAvailable()));
		MemorySnapshot snapshot = this.memory.get();
		if (snapshot != null) {
			field(args, "level", snapshot.level().name());
			field(args, "retainedRatio", String.format(Locale.ROOT, "%.4f", snapshot.retainedRatio()));
		}
		List<Object> fleet = this.redis.evalInBackground(HEARTBEAT,
				new byte[][] { this.redis.key("instances"), this.redis.key("instance:" + this.instanceId) },
				args.toArray(byte[][]::new));
		if (fleet == null || fleet.isEmpty()) {
			return;
		}
		List<FleetInstance> instances = parse(fleet);
		this.instances = instances;
		this.readAt = Instant.now();
		this.listeners.forEach((listener) -> listener.accept(instances));
	}

	private List<FleetInstance> parse(List<Object> fleet) {
		long now = (Long) fleet.get(0);
		List<FleetInstance> instances = new ArrayList<>();
		for (int i = 1; i + 1 < fleet.size(); i += 2) {
			String id = new String((byte[]) fleet.get(i), StandardCharsets.UTF_8);
			Map<String, String> fields = new HashMap<>();
			List<?> flat = (List<?>) fleet.get(i + 1);
			for (int j = 0; j + 1 < flat.size(); j += 2) {
				fields.put(new String((byte[]) flat.get(j), StandardCharsets.UTF_8),
						new String((byte[]) flat.get(j + 1), StandardCharsets.UTF_8));
			}
			instances.add(FleetInstance.of(id, id.equals(this.instanceId), fields, now));
		}
		return List.copyOf(instances);
	}

	private static void field(List<byte[]> args, String name, String value) {
		args.add(utf8(name));
		args.add(utf8(value));
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The fleet as read at the last heartbeat.
	 * @return the instances, this one included once registered
	 */
	public List<FleetInstance> instances() {
		return this.instances;
	}

	/**
	 * When the fleet was last read.
	 * @return the time, or {@code null} before the first heartbeat answered
	 */
	public Instant readAt() {
		return this.readAt;
	}

	/**
	 * The id of this instance in the registry and in its leases.
	 * @return the id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public void onMemoryPressureChange(MemoryPressureChange change) {
		if (this.heartbeats != null) {
			this.redis.soon(this::heartbeat);
		}
	}

	@Override
	public void start() {
		this.heartbeats = this.redis.every(this::heartbeat, this.ttl.dividedBy(3));
		this.redis.soon(this::heartbeat);
	}

	/**
	 * Stops the heartbeats and leaves the registry, so the fleet no longer counts this
	 * instance's pool.
	 */
	@Override
	public void stop() {
		ScheduledFuture<?> task = this.heartbeats;
		this.heartbeats = null;
		if (task != null) {
			task.cancel(false);
		}
		// on the fleet's thread, so that a heartbeat running now cannot register again
		// after
		Future<?> leaving = this.redis.soon(this::leave);
		if (leaving != null) {
			try {
				leaving.get(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// the registration expires with its time-to-live
			}
		}
	}

	private void leave() {
		if (this.redis.isAvailable()) {
			this.redis.evalInBackground(LEAVE,
					new byte[][] { this.redis.key("instances"), this.redis.key("instance:" + this.instanceId) },
					utf8(this.instanceId));
		}
	}

	@Override
	public boolean isRunning() {
		return this.heartbeats != null;
	}

	/**
	 * Leaves the registry after the web server stopped, as the leases are given back.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
