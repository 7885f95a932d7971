package io.memguard.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.actuate.DetailedMemoryEndpointContributor;
import io.memguard.jdbc.LiveConnectionBudget;

/**
 * The {@code fleet} section of {@code /actuator/memory}: whether the limits fail open now
 * and how often they did, the leases this instance holds, and every instance of the fleet
 * as it last registered itself (memory level, retained ratio, pool size), so one call
 * shows which replica is in trouble; with the connection budget against the pools of the
 * instances running now when it is known. Read from what the last heartbeat brought back:
 * asking costs no round trip to Redis.
 */
class FleetMemorySection implements DetailedMemoryEndpointContributor {

	private final FleetRedis redis;

	private final FleetRegistry registry;

	private final FleetLeases leases;

	private final LiveConnectionBudget budget;

	/**
	 * Creates the section.
	 * @param redis the link to Redis
	 * @param registry the instance registry
	 * @param leases the lease table
	 * @param budget the live connection budget, or {@code null}
	 */
	FleetMemorySection(FleetRedis redis, FleetRegistry registry, FleetLeases leases, LiveConnectionBudget budget) {
		this.redis = redis;
		this.registry = registry;
		this.leases = leases;
		this.budget = budget;
	}

	@Override
	public String sectionName() {
		return "fleet";
	}

	@Override
	public Object section(boolean showDetails) {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("instanceId", this.registry.instanceId());
		FleetRedis.FailOpenState failOpen = this.redis.failOpenState();
		Map<String, Object> failOpenSection = new LinkedHashMap<>();
		failOpenSection.put("failingOpen", failOpen.failingOpen());
		failOpenSection.put("since", (failOpen.since() != null) ? failOpen.since().toString() : null);
		failOpenSection.put("outages", failOpen.outages());
		failOpenSection.put("localDecisions", failOpen.localDecisions());
		if (showDetails) {
			failOpenSection.put("lastFailure", failOpen.lastFailure());
		}
		section.put("failOpen", failOpenSection);
		section.put("leaseTime", this.leases.leaseTime().toString());
		section.put("leasesHeld", this.leases.heldLeases());
		section.put("instancesSeen", this.registry.instances().size());
		section.put("readAt", (this.registry.readAt() != null) ? this.registry.readAt().toString() : null);
		List<Map<String, Object>> instances = new ArrayList<>();
		for (FleetInstance instance : this.registry.instances()) {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("id", instance.id());
			description.put("self", instance.self());
			if (showDetails) {
				description.put("host", instance.host());
			}
			description.put("startedAt", instance.startedAt());
			description.put("level", instance.level());
			description.put("retainedRatio", instance.retainedRatio());
			description.put("poolSize", instance.poolSize());
			description.put("failingOpen", instance.failingOpen());
			description.put("heartbeatAgeMillis", instance.heartbeatAgeMillis());
			instances.add(description);
		}
		section.put("instances", instances);
		if (this.budget != null) {
			section.put("connections", this.budget.describe());
		}
		return section;
	}

}
