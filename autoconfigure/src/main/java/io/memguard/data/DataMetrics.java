package io.memguard.data;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.data.batch.BatchProgressListener;
import io.memguard.data.guard.EntityLoadGuard;

/**
 * Metrics of the data capability: {@code memguard.data.entity.limit.exceeded} (requests
 * or transactions past the entity limit), and per batch job
 * {@code memguard.data.batch.items} and {@code memguard.data.batch.batches} (tagged
 * {@code outcome=committed|failed}).
 */
class DataMetrics implements MeterBinder, BatchProgressListener {

	private final EntityLoadGuard guard;

	private volatile MeterRegistry registry;

	/**
	 * Creates a new instance.
	 * @param guard the entity guard, or {@code null}
	 */
	public DataMetrics(EntityLoadGuard guard) {
		this.guard = guard;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		if (this.guard != null) {
			FunctionCounter.builder("memguard.data.entity.limit.exceeded", this.guard, EntityLoadGuard::exceededCount)
				.description("Requests or transactions that loaded more entities than allowed")
				.register(registry);
		}
	}

	@Override
	public void batchCommitted(String job, int items) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("memguard.data.batch.items")
				.description("Rows committed by batch jobs")
				.tag("job", job)
				.register(registry)
				.increment(items);
			batches(registry, job, "committed").increment();
		}
	}

	@Override
	public void batchFailed(String job) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			batches(registry, job, "failed").increment();
		}
	}

	private static Counter batches(MeterRegistry registry, String job, String outcome) {
		return Counter.builder("memguard.data.batch.batches")
			.description("Batches of batch jobs, by outcome")
			.tag("job", job)
			.tag("outcome", outcome)
			.register(registry);
	}

}
