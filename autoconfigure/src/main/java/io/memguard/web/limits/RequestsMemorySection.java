package io.memguard.web.limits;

import java.util.LinkedHashMap;
import java.util.Map;

import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.rejection.RequestRejections;

/**
 * The {@code requests} section of {@code /actuator/memory}: requests in flight, the caps
 * (0 for none) and rejections by reason.
 */
class RequestsMemorySection implements MemoryEndpointContributor {

	private final ConcurrencyLimiter limiter;

	private final RequestRejections rejections;

	RequestsMemorySection(ConcurrencyLimiter limiter, RequestRejections rejections) {
		this.limiter = limiter;
		this.rejections = rejections;
	}

	@Override
	public String sectionName() {
		return "requests";
	}

	@Override
	public Object section() {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("inFlight", this.limiter.inFlight());
		section.put("maxConcurrent", this.limiter.maxConcurrent());
		section.put("maxConcurrentPerClient", this.limiter.maxPerClient());
		section.put("rejected", this.rejections.byReason());
		return section;
	}

}
