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

}
