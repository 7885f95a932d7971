package io.memguard.memory;

/**
 * Heap that work in flight holds and releases when it is done, such as the buffers of
 * requests the memory protection filter admitted. The {@link MemoryMonitor} takes it off
 * the live heap, so that the level follows what the application retains: memory on loan
 * to requests is not pressure.
 */
public interface HeapHeldInFlight {

	/** Nothing held in flight. */
	HeapHeldInFlight NONE = () -> 0;

	/**
	 * Bytes work in flight is expected to hold now.
	 * @return the estimate, never negative
	 */
	long heldBytes();

	/**
	 * Bytes work in flight has released since the start, a running total. A collector
	 * that marks while the application runs (ZGC, Shenandoah) keeps what was live when
	 * its cycle began, so the heap after the cycle also holds what work that finished
	 * during the cycle had held; the monitor adds what was released meanwhile.
	 * @return the running total, never decreasing
	 */
	default long releasedBytes() {
		return 0;
	}

	/**
	 * Called on the monitor's thread after each garbage collection with what the heap
	 * held then, so that the estimate can correct itself before it is taken off.
	 * @param collection the heap after the collection
	 * @return the bytes work in flight held at the collection, never negative
	 */
	default long reconcile(HeapAfterCollection collection) {
		return heldBytes();
	}

	/**
	 * Whether a collection would tell this estimate something it needs now, such as
	 * whether requests waiting for room are kept out by reservations larger than what is
	 * held. The {@link MemorySampler} then requests one, at most once per confirmation
	 * interval.
	 * @return whether to request a collection
	 */
	default boolean wantsCollection() {
		return false;
	}

}
