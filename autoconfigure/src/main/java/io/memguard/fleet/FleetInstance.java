package io.memguard.fleet;

import java.util.Map;

/**
 * One instance of the fleet as it last registered itself.
 *
 * @param id its id
 * @param self whether it is this instance
 * @param host its host name
 * @param startedAt when it started, as ISO-8601
 * @param level its memory-pressure level, or {@code null} when it has no memory monitor
 * @param retainedRatio the heap it retains as a fraction of the room retained data has,
 * or {@code null}
 * @param poolSize its maximum connection pool size, or {@code null} when unknown
 * @param failingOpen whether its limits fall back to local counts
 * @param heartbeatAgeMillis how long ago its last heartbeat reached Redis, by Redis's
 * clock
 */
record FleetInstance(String id, boolean self, String host, String startedAt, String level, Double retainedRatio,
		Integer poolSize, boolean failingOpen, long heartbeatAgeMillis) {

	static FleetInstance of(String id, boolean self, Map<String, String> fields, long now) {
		String poolSize = fields.get("poolSize");
		String retainedRatio = fields.get("retainedRatio");
		String heartbeat = fields.get("heartbeat");
		return new FleetInstance(id, self, fields.get("host"), fields.get("startedAt"), fields.get("level"),
				(retainedRatio != null) ? Double.valueOf(retainedRatio) : null,
				(poolSize != null && !poolSize.startsWith("-")) ? Integer.valueOf(poolSize) : null,
				Boolean.parseBoolean(fields.get("failingOpen")),
				(heartbeat != null) ? Math.max(0, now - Long.parseLong(heartbeat)) : -1);
	}

}
