package io.memguard.rejection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes {@code memguard.web.rejections} counters, tagged with the rejection
 * {@code reason}.
 */
class RequestRejectionMetrics implements MeterBinder {

	private final RequestRejections rejections;

	public RequestRejectionMetrics(RequestRejections rejections) {
		this.rejections = rejections;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (RejectionReason reason : RejectionReason.values()) {
			FunctionCounter.builder("memguard.web.rejections", this.rejections, (r) -> r.count(reason))
				.description("Requests rejected by Memguard")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

}
