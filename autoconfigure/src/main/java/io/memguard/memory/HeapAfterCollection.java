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
 */
public record HeapAfterCollection(long heapUsedAfterGc, boolean major, long retainedBefore, long retentionCapacity) {

}
