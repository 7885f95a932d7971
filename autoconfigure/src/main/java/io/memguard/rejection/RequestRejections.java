package io.memguard.rejection;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts rejected requests by reason. Shared by every Memguard filter and read by the
 * {@code requests} section of {@code /actuator/memory} and the rejection metrics.
 */
public class RequestRejections {

	private final Map<RejectionReason, LongAdder> counts = new EnumMap<>(RejectionReason.class);

	public RequestRejections() {
		for (RejectionReason reason : RejectionReason.values()) {
			this.counts.put(reason, new LongAdder());
		}
	}

	/**
	 * Counts one rejection.
	 * @param reason why the request was rejected
	 */
	public void record(RejectionReason reason) {
		this.counts.get(reason).increment();
	}

	/**
	 * Rejections so far for one reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long count(RejectionReason reason) {
		return this.counts.get(reason).sum();
	}

	/**
	 * Rejections so far by reason tag.
	 * @return the counts, keyed by {@link RejectionReason#tag()}
	 */
	public Map<String, Long> byReason() {
		Map<String, Long> result = new LinkedHashMap<>();
		this.counts.forEach((reason, count) -> result.put(reason.tag(), count.sum()));
		return result;
	}

}
