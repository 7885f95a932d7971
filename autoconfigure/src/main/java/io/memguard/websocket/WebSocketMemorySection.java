package io.memguard.websocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

/**
 * The {@code websocket} section of {@code /actuator/memory}: sessions open and the global
 * cap (0 for none), per limit its caps and its busiest users and rooms (at most
 * {@value #BUSIEST} of each), and WebSocket rejections by reason.
 */
class WebSocketMemorySection implements MemoryEndpointContributor {

	/** How many of the busiest users and rooms each limit shows. */
	public static final int BUSIEST = 10;

	private static final List<RejectionReason> WEBSOCKET_REASONS = List.of(RejectionReason.WEBSOCKET_USER,
			RejectionReason.WEBSOCKET_ROOM, RejectionReason.WEBSOCKET_GLOBAL, RejectionReason.WEBSOCKET_MEMORY);

	private final WebSocketSessionLimiter limiter;

	private final RequestRejections rejections;

	WebSocketMemorySection(WebSocketSessionLimiter limiter, RequestRejections rejections) {
		this.limiter = limiter;
		this.rejections = rejections;
	}

	@Override
	public String sectionName() {
		return "websocket";
	}

	@Override
	public Object section() {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("openSessions", this.limiter.openSessions());
		section.put("maxSessions", Math.max(0, this.limiter.global().maxSessions()));
		List<Map<String, Object>> limits = new ArrayList<>();
		for (SessionLimit limit : this.limiter.limits().all()) {
			limits.add(describe(limit));
		}
		section.put("limits", limits);
		Map<String, Long> rejected = new LinkedHashMap<>();
		for (RejectionReason reason : WEBSOCKET_REASONS) {
			rejected.put(reason.tag(), this.rejections.count(reason));
		}
		section.put("rejected", rejected);
		return section;
	}

	private Map<String, Object> describe(SessionLimit limit) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("pattern", limit.pattern().getPatternString());
		if (limit.user() != null) {
			description.put("maxSessionsPerUser", limit.user().maxSessions());
			description.put("busiestUsers", this.limiter.busiest(limit.userScope(), BUSIEST));
		}
		if (limit.room() != null) {
			description.put("maxSessionsPerRoom", limit.room().maxSessions());
			description.put("busiestRooms", this.limiter.busiest(limit.roomScope(), BUSIEST));
		}
		return description;
	}

}
