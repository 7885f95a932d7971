package io.memguard.memory;

/**
 * The heap right after a garbage collection, as the {@link MemoryMonitor} hands it to
 * {@link HeapHeldInFlight#reconcile}.
 *
 * @param heapUsedAfterGc bytes of heap in use after the collection
 * @param major whether the collection examined the whole heap; after a young collection
 * the figure also holds garbage promoted to the old generation
 * @param retainedBefore what the monitor took as retained before this collection
 * @param retentionCapacity bytes retained data can fill (see
 * {@link MemoryReading#retentionCapacity()})
 * @param heldAtCollection what work in flight was expected to hold when the collection
 * was reported, or {@code -1} when unknown (also when the collection is read before it
 * was reported); the figure now may differ, as work went on between the collection and
 * this call
 */
public record HeapAfterCollection(long heapUsedAfterGc, boolean major, long retainedBefore, long retentionCapacity,
		long heldAtCollection) {

	/**
	 * The heap after a collection, without the figure held when it was reported.
	 * @param heapUsedAfterGc bytes of heap in use after the collection
	 * @param major whether the collection examined the whole heap
	 * @param retainedBefore what the monitor took as retained before this collection
	 * @param retentionCapacity bytes retained data can fill
	 */
	public HeapAfterCollection(long heapUsedAfterGc, boolean major, long retainedBefore, long retentionCapacity) {
		this(heapUsedAfterGc, major, retainedBefore, retentionCapacity, -1);
	}

}
