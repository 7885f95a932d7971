package io.memguard.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.data.guard.EntityLoadGuard;
import io.memguard.data.page.MissingIndex;
import io.memguard.data.page.SortIndexCheck;

/**
 * The {@code data} section of {@code /actuator/memory}: the entity guard's limit, mode
 * and how often it was exceeded, and the indexes missing behind sorted columns when the
 * startup check ran.
 */
class DataMemorySection implements MemoryEndpointContributor {

	private final EntityLoadGuard guard;

	private final SortIndexCheck indexCheck;

	DataMemorySection(EntityLoadGuard guard, SortIndexCheck indexCheck) {
		this.guard = guard;
		this.indexCheck = indexCheck;
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
		List<MissingIndex> missingIndexes = (this.indexCheck != null) ? this.indexCheck.missingIndexes() : null;
		if (missingIndexes != null) {
			section.put("missingIndexes", missingIndexes);
		}
		return section;
	}

}
