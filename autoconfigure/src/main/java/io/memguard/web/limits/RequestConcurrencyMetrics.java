package io.memguard.web.limits;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the {@code memguard.web.requests.inflight} gauge.
 */
class RequestConcurrencyMetrics implements MeterBinder {

	private final ConcurrencyLimiter limiter;

	public RequestConcurrencyMetrics(ConcurrencyLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memguard.web.requests.inflight", this.limiter, ConcurrencyLimiter::inFlight)
			.description("Requests in flight, as counted by the concurrency limit")
			.register(registry);
	}

}
