package io.memguard.cleanup;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.memory.MemoryPressureChange;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryPressureListener;

import org.springframework.beans.factory.DisposableBean;

/**
 * Runs the {@link MemoryCleanup} once the level has stayed {@code CRITICAL} for a while:
 * once per critical episode, on a thread of its own ({@code memguard-cleanup}), never on
 * the monitor's. Shedding alone cannot bring the level down when what fills the heap is
 * held by Memguard's own caches or by the pool; this gives it back.
 */
class CriticalCleanupListener implements MemoryPressureListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(CriticalCleanupListener.class);

	private final Supplier<MemoryCleanup> cleanup;

	private final Duration after;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "memguard-cleanup");
		thread.setDaemon(true);
		return thread;
	});

	private ScheduledFuture<?> pending;

	/**
	 * Creates the listener.
	 * @param cleanup the cleanup, looked up when it runs (the cleanup depends on the
	 * monitor this listener is registered with)
	 * @param after how long the level must stay critical
	 */
	public CriticalCleanupListener(Supplier<MemoryCleanup> cleanup, Duration after) {
		this.cleanup = cleanup;
		this.after = after;
	}

	@Override
	public synchronized void onMemoryPressureChange(MemoryPressureChange change) {
		if (change.current() == MemoryPressureLevel.CRITICAL) {
			if (this.pending == null) {
				this.pending = this.executor.schedule(this::cleanUp, this.after.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		else if (this.pending != null) {
			this.pending.cancel(false);
			this.pending = null;
		}
	}

	private void cleanUp() {
		try {
			CleanupReport report = this.cleanup.get().cleanUp(null, false);
			if (report.ran()) {
				logger.warn("Memory level CRITICAL for " + this.after + ": cleaned up caches, pool and heap ("
						+ report.steps().keySet() + "); level now " + report.after().level());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Memory cleanup after a lasting CRITICAL level failed", ex);
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
