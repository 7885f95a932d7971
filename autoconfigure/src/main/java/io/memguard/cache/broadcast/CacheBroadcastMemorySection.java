package io.memguard.cache.broadcast;

import java.util.LinkedHashMap;
import java.util.Map;

import io.memguard.actuate.DetailedMemoryEndpointContributor;

/**
 * The {@code cacheBroadcast} section of {@code /actuator/memory}: whether the listener is
 * connected, the transport's state (channel, notification queue usage, and as a detail
 * the listener's backend process id) and the message counters.
 */
class CacheBroadcastMemorySection implements DetailedMemoryEndpointContributor {

	private final CacheBroadcastRelay relay;

	private final CacheInvalidationTransport transport;

	CacheBroadcastMemorySection(CacheBroadcastRelay relay, CacheInvalidationTransport transport) {
		this.relay = relay;
		this.transport = transport;
	}

	@Override
	public String sectionName() {
		return "cacheBroadcast";
	}

	@Override
	public Map<String, Object> section(boolean showDetails) {
		CacheBroadcastRelay.Statistics statistics = this.relay.statistics();
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("connected", statistics.connected());
		section.putAll(this.transport.describe(showDetails));
		section.put("origin", statistics.origin());
		section.put("sent", statistics.sent());
		section.put("degradedToClear", statistics.degradedToClear());
		section.put("sendFailures", statistics.sendFailures());
		section.put("received", statistics.received());
		section.put("ignored", statistics.ignored());
		section.put("malformed", statistics.malformed());
		section.put("gaps", statistics.gaps());
		section.put("lastGap", (statistics.lastGap() != null) ? statistics.lastGap().toString() : null);
		return section;
	}

}
