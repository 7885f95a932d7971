package io.memguard.fleet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes {@code memguard.fleet.failing.open} (1 while the limits fall back to local
 * counts), {@code memguard.fleet.fail.open.decisions} (decisions taken on local counts
 * because Redis was unavailable), {@code memguard.fleet.outages},
 * {@code memguard.fleet.leases.held} and {@code memguard.fleet.instances}.
 */
class FleetMetrics implements MeterBinder {

	private final FleetRedis redis;

	private final FleetRegistry registry;

	private final FleetLeases leases;

	FleetMetrics(FleetRedis redis, FleetRegistry registry, FleetLeases leases) {
		this.redis = redis;
		this.registry = registry;
		this.leases = leases;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		Gauge.builder("memguard.fleet.failing.open", this.redis, (redis) -> redis.isAvailable() ? 0 : 1)
			.description("1 while the fleet limits fall back to the local limits because Redis is unavailable")
			.register(meters);
		FunctionCounter
			.builder("memguard.fleet.fail.open.decisions", this.redis,
					(redis) -> redis.failOpenState().localDecisions())
			.description("Admissions decided on local counts because Redis was unavailable")
			.register(meters);
		FunctionCounter.builder("memguard.fleet.outages", this.redis, (redis) -> redis.failOpenState().outages())
			.description("Times Redis became unavailable to the fleet limits")
			.register(meters);
		Gauge.builder("memguard.fleet.leases.held", this.leases, FleetLeases::heldLeases)
			.description("Leases on fleet-wide counts this instance holds")
			.register(meters);
		Gauge.builder("memguard.fleet.instances", this.registry, (registry) -> registry.instances().size())
			.description("Instances of the fleet seen at the last heartbeat")
			.register(meters);
	}

}
