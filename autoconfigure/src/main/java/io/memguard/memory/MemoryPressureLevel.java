package io.memguard.memory;

/**
 * How close the application is to running out of memory, from the live heap after GC and
 * the container limit.
 */
public enum MemoryPressureLevel {

	/** Enough headroom: nothing is shed. */
	NORMAL,

	/** Getting close: low-priority work is shed and caches shrink. */
	WARNING,

	/** About to run out: all but exempt work is shed and bound caches are cleared. */
	CRITICAL;

	/**
	 * Whether this level is at least as severe as the given one.
	 * @param other the level to compare with
	 * @return whether this level is {@code other} or worse
	 */
	public boolean isAtLeast(MemoryPressureLevel other) {
		return compareTo(other) >= 0;
	}

}
