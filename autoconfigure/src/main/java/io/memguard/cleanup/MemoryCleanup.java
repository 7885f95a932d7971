package io.memguard.cleanup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;

/**
 * Runs the {@link MemoryCleanupStep cleanup steps}, in order, when the level or a
 * threshold says so, and reports the memory figures before and after. One cleanup runs at
 * a time; a step that fails is reported and the others still run.
 */
public class MemoryCleanup {

	private static final Log logger = LogFactory.getLog(MemoryCleanup.class);

	private final MemoryMonitor monitor;

	private final List<MemoryCleanupStep> steps;

	private final AtomicBoolean running = new AtomicBoolean();

	/**
	 * Creates the cleanup.
	 * @param monitor the memory monitor, read before and refreshed after the steps
	 * @param steps the steps, in the order they run
	 */
	public MemoryCleanup(MemoryMonitor monitor, List<MemoryCleanupStep> steps) {
		this.monitor = monitor;
		this.steps = List.copyOf(steps);
	}

	/**
	 * Cleans up if the level is {@code WARNING} or worse, or, with a threshold, if the
	 * retained heap ratio (what the level follows) has reached it, or anyway when forced.
	 * @param threshold retained heap ratio to clean up at, above 0 and at most 1, or
	 * {@code null} to go by the level
	 * @param force whether to clean up whatever the level and threshold
	 * @return what was done, with the figures before and after
	 * @throws IllegalArgumentException when the threshold is not above 0 and at most 1
	 */
	public CleanupReport cleanUp(Double threshold, boolean force) {
		if (threshold != null && !(threshold > 0 && threshold <= 1)) {
			throw new IllegalArgumentException("threshold must be above 0 and at most 1, was " + threshold);
		}
		MemorySnapshot before = this.monitor.snapshot();
		CleanupReport.Figures beforeFigures = CleanupReport.Figures.of(before);
		String reason = reasonToRun(before, threshold, force);
		if (reason == null) {
			return CleanupReport.notRun(reasonNotToRun(before, threshold), beforeFigures);
		}
		if (!this.running.compareAndSet(false, true)) {
			return CleanupReport.notRun("another cleanup is running", beforeFigures);
		}
		try {
			long start = System.nanoTime();
			CleanupContext context = new CleanupContext(before, force);
			Map<String, Object> results = new LinkedHashMap<>();
			for (MemoryCleanupStep step : this.steps) {
				results.put(step.name(), run(step, context));
			}
			CleanupReport report = new CleanupReport(true, reason, beforeFigures,
					CleanupReport.Figures.of(this.monitor.refresh()), results, (System.nanoTime() - start) / 1_000_000);
			logger.info(String.format(Locale.ROOT,
					"Memory cleanup (%s) took %d ms: retained heap %d MB -> %d MB, level %s -> %s", reason,
					report.millis(), before.retainedBytes() >> 20, report.after().retainedBytes() >> 20, before.level(),
					report.after().level()));
			return report;
		}
		finally {
			this.running.set(false);
		}
	}

	private static Object run(MemoryCleanupStep step, CleanupContext context) {
		try {
			return step.clean(context);
		}
		catch (RuntimeException ex) {
			logger.warn("Memory cleanup step '" + step.name() + "' failed", ex);
			return Map.of("error", ex.getClass().getName());
		}
	}

	private static String reasonToRun(MemorySnapshot before, Double threshold, boolean force) {
		if (force) {
			return "forced";
		}
		if (threshold != null) {
			return (before.retainedRatio() >= threshold) ? String.format(Locale.ROOT,
					"retained ratio %.2f reached threshold %.2f", before.retainedRatio(), threshold) : null;
		}
		return before.level().isAtLeast(MemoryPressureLevel.WARNING) ? "level " + before.level() : null;
	}

	private static String reasonNotToRun(MemorySnapshot before, Double threshold) {
		if (threshold != null) {
			return String.format(Locale.ROOT, "retained ratio %.2f is below threshold %.2f", before.retainedRatio(),
					threshold);
		}
		return "level " + before.level() + ": nothing to clean up (give a threshold, or force)";
	}

}
