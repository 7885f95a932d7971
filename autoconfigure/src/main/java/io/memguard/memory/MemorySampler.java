package io.memguard.memory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Refreshes the {@link MemoryMonitor} on a schedule, on one daemon thread.
 */
public class MemorySampler implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(MemorySampler.class);

	private final MemoryMonitor monitor;

	private final Duration interval;

	private ScheduledExecutorService executor;

	public MemorySampler(MemoryMonitor monitor, Duration interval) {
		this.monitor = monitor;
		this.interval = interval;
	}

	@Override
	public void afterPropertiesSet() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "memguard-memory-sampler");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::sample, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void sample() {
		try {
			this.monitor.refresh();
		}
		catch (RuntimeException ex) {
			logger.debug("Memory sample failed", ex);
		}
	}

	@Override
	public void destroy() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

}
