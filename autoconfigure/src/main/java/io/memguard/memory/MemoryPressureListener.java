package io.memguard.memory;

/**
 * Told about each memory-pressure level transition. Beans of this type are registered
 * with the {@link MemoryMonitor} automatically. Called on the monitor's thread: keep it
 * short and never block.
 */
@FunctionalInterface
public interface MemoryPressureListener {

	/**
	 * Called once per level transition.
	 * @param change the transition
	 */
	void onMemoryPressureChange(MemoryPressureChange change);

	/**
	 * Called when an {@link OutOfMemoryError} is reported to the monitor
	 * ({@link MemoryMonitor#reportOutOfMemory()}), after the level moved to
	 * {@link MemoryPressureLevel#CRITICAL} (or stayed there). Called on the thread that
	 * reported it, typically a request thread: keep it short and never block.
	 * @param snapshot the snapshot published with the report
	 */
	default void onOutOfMemoryReported(MemorySnapshot snapshot) {
	}

}
