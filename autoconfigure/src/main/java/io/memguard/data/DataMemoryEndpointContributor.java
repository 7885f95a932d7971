package io.memguard.data;

import java.util.LinkedHashMap;
import java.util.Map;

import io.memguard.actuate.MemoryEndpointContributor;

/**
 * The {@code data} section of {@code /actuator/memory}: the entity guard's limit, mode
 * and how often it was exceeded.
 */
class DataMemoryEndpointContributor implements MemoryEndpointContributor {

	private final EntityLoadGuard guard;

	DataMemoryEndpointContributor(EntityLoadGuard guard) {
		this.guard = guard;
	}

	@Override
	public String sectionName() {
		return "data";
	}

	@Override
	public Object section() {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("maxEntitiesPerRequest", this.guard.limit());
		section.put("guardMode", this.guard.mode().name().toLowerCase());
		section.put("entityLimitExceeded", this.guard.exceededCount());
		return section;
	}

}
