package io.memguard.memory;

/**
 * A transition of the memory-pressure level, published once per change to every
 * {@link MemoryPressureListener}.
 *
 * @param previous the level before the change
 * @param current the level after the change
 * @param snapshot the reading that caused the change
 */
public record MemoryPressureChange(MemoryPressureLevel previous, MemoryPressureLevel current, MemorySnapshot snapshot) {

	/**
	 * Whether pressure went up with this change.
	 * @return {@code true} when {@code current} is worse than {@code previous}
	 */
	public boolean isEscalation() {
		return this.current.compareTo(this.previous) > 0;
	}

}
