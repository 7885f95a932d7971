package io.memguard.cleanup;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;

/**
 * What a {@link MemoryCleanup} did.
 *
 * @param ran whether the steps ran
 * @param reason why they ran, or why not
 * @param before the figures the cleanup was decided on
 * @param after the figures after the steps, or {@code null} (left out) when they did not
 * run
 * @param steps what each step did, by step name
 * @param millis how long the steps took
 */
public record CleanupReport(boolean ran, String reason, Figures before, @JsonInclude(Include.NON_NULL) Figures after,
		Map<String, Object> steps, long millis) {

	static CleanupReport notRun(String reason, Figures before) {
		return new CleanupReport(false, reason, before, null, Map.of(), 0);
	}

	/**
	 * Memory figures at one moment (sizes in bytes, ratios between 0 and 1).
	 *
	 * @param level the memory-pressure level
	 * @param heapUsed heap in use, garbage included
	 * @param usedAfterLastGc heap still in use after the last collection
	 * @param liveRatio {@code usedAfterLastGc} over the maximum heap
	 * @param retainedBytes heap the application retains, what the level follows
	 * @param retainedRatio {@code retainedBytes} over the room retained data can fill
	 */
	public record Figures(MemoryPressureLevel level, long heapUsed, long usedAfterLastGc, double liveRatio,
			long retainedBytes, double retainedRatio) {

		static Figures of(MemorySnapshot snapshot) {
			return new Figures(snapshot.level(), GarbageCollectionCleanupStep.heapInUse(), snapshot.heapUsedAfterGc(),
					snapshot.liveRatio(), snapshot.retainedBytes(), snapshot.retainedRatio());
		}

	}

}
