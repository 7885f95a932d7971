package io.memguard.cleanup;

import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;

/**
 * What a {@link MemoryCleanupStep} is told about the cleanup it is part of.
 *
 * @param before the memory snapshot the cleanup was decided on
 * @param forced whether the cleanup was asked to run whatever the level
 */
public record CleanupContext(MemorySnapshot before, boolean forced) {

	/**
	 * Whether to give back all a step can (the level is {@code CRITICAL}, or the cleanup
	 * was forced), rather than trim.
	 * @return whether to clean up thoroughly
	 */
	public boolean thorough() {
		return this.forced || this.before.level() == MemoryPressureLevel.CRITICAL;
	}

}
