package io.memguard.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.sun.management.GcInfo;

import org.springframework.util.ClassUtils;

/**
 * Reads the live heap after the last GC, the current heap use and the container's cgroup.
 * <p>
 * The live heap is the sum of all heap pools after the most recent collection that
 * reported pool data, taken from each collector's last {@link GcInfo} (the data GC
 * notifications carry), freshest by end time. Collections that report empty or zero pools
 * (ZGC and Shenandoah pauses) are skipped. Pool names are not hard-coded, so generational
 * ZGC's pools count too. Only when no collector offers a {@link GcInfo} (a JVM without
 * {@code jdk.management}) does it fall back to the pools' collection usage, which G1 on
 * older JDKs updates for the old generation only at mixed or full collections. The
 * reading says whether that collection examined the whole heap: after a young one the
 * figure also holds garbage promoted to the old generation.
 * <p>
 * Serial and Parallel give the old generation a fixed share of the heap (about two
 * thirds), so the live set runs out of room there before the heap as a whole looks full
 * (under Parallel the live heap may never reach 0.90 of the maximum before
 * {@link OutOfMemoryError}). For them the reading also carries how full the old
 * generation was after its last (full) collection, and its maximum, which is the room
 * retained data has there. Such a pool is recognised without names: it has its own
 * maximum below the heap's and only one collector manages it.
 */
public class JvmMemoryProbe implements MemoryProbe {

	private static final boolean GC_INFO_PRESENT = ClassUtils.isPresent("com.sun.management.GcInfo",
			JvmMemoryProbe.class.getClassLoader());

	private static final List<String> PARTIAL_COLLECTIONS = List.of("Young", "Scavenge", "Copy", "ParNew", "Minor",
			"Concurrent", "Pauses");

	private final List<MemoryPoolMXBean> heapPools;

	private final Set<String> heapPoolNames;

	private final List<MemoryPoolMXBean> fixedOldGenerations;

	private final List<GarbageCollectorMXBean> collectors;

	private final CgroupMemory cgroup;

	/**
	 * A probe that reads the JVM only, without a container limit.
	 */
	public JvmMemoryProbe() {
		this(null);
	}

	/**
	 * A probe that also reads the container's cgroup.
	 * @param cgroup the cgroup reader, or {@code null} to ignore the container
	 */
	public JvmMemoryProbe(CgroupMemory cgroup) {
		this.heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.toList();
		this.heapPoolNames = this.heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
		long heapMax = Runtime.getRuntime().maxMemory();
		this.fixedOldGenerations = this.heapPools.stream()
			.filter((pool) -> isFixedOldGeneration(pool, heapMax))
			.toList();
		this.collectors = ManagementFactory.getGarbageCollectorMXBeans();
		this.cgroup = cgroup;
	}

	@Override
	public MemoryReading read() {
		long gcCount = collectionCount();
		long afterGc = -1;
		boolean major = true;
		if (GC_INFO_PRESENT) {
			LastGcInfo.Freshest freshest = LastGcInfo.freshest(this.collectors, this.heapPoolNames);
			if (freshest != null) {
				afterGc = freshest.heapUsedAfter();
				major = freshest.major();
			}
		}
		if (afterGc < 0) {
			afterGc = collectionUsage();
		}
		CgroupMemory.Usage container = (this.cgroup != null) ? this.cgroup.read() : CgroupMemory.Usage.UNKNOWN;
		return new MemoryReading(afterGc, Runtime.getRuntime().maxMemory(), container.usage(), container.limit(),
				heapUsed(), gcCount, oldGenerationRatio(), major, oldGenerationMax());
	}

	@Override
	public long collectionCount() {
		long count = 0;
		for (GarbageCollectorMXBean collector : this.collectors) {
			if (!reportsPausesOnly(collector.getName())) {
				count += Math.max(0, collector.getCollectionCount());
			}
		}
		return count;
	}

	/**
	 * Whether a collector examines the whole heap, judged by its name: the young
	 * collections of the generational collectors ({@code G1 Young Generation},
	 * {@code PS Scavenge}, {@code Copy}, {@code ZGC Minor Cycles}) and G1's concurrent
	 * phases leave promoted garbage in their figures; pause notifications carry none.
	 * @param collectorName the name of the collector's MXBean
	 * @return whether its figures tell the live heap
	 */
	static boolean collectsWholeHeap(String collectorName) {
		for (String partial : PARTIAL_COLLECTIONS) {
			if (collectorName.contains(partial)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a collector's MXBean reports the pauses of a concurrent collector
	 * ({@code ZGC Pauses}, {@code Shenandoah Pauses}, generational ZGC's
	 * {@code ZGC Minor Pauses}): they carry no heap figures, and the first of a cycle
	 * tells that the cycle began. Not counted as collections, so that a pause does not
	 * pass for a new figure.
	 * @param collectorName the name of the collector's MXBean
	 * @return whether it reports pauses only
	 */
	static boolean reportsPausesOnly(String collectorName) {
		return collectorName.endsWith("Pauses");
	}

	private static boolean isFixedOldGeneration(MemoryPoolMXBean pool, long heapMax) {
		try {
			long max = pool.getUsage().getMax();
			return pool.getMemoryManagerNames().length == 1 && max > 0 && max < heapMax
					&& pool.getCollectionUsage() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private long oldGenerationMax() {
		long max = -1;
		for (MemoryPoolMXBean pool : this.fixedOldGenerations) {
			try {
				max = Math.max(max, pool.getUsage().getMax());
			}
			catch (IllegalArgumentException ex) {
				// JDK-8207200: a usage momentarily above committed cannot be built
			}
		}
		return max;
	}

	private double oldGenerationRatio() {
		double ratio = -1;
		for (MemoryPoolMXBean pool : this.fixedOldGenerations) {
			MemoryUsage afterGc = pool.getCollectionUsage();
			if (afterGc != null && afterGc.getMax() > 0) {
				ratio = Math.max(ratio, (double) afterGc.getUsed() / afterGc.getMax());
			}
		}
		return ratio;
	}

	/**
	 * Sums the heap pools of one collection's after-GC pool map.
	 * @param afterGc pool usage after the collection, by pool name
	 * @param heapPoolNames names of the heap pools
	 * @return bytes of heap in use after the collection; {@code 0} when the map has no
	 * heap data (as for ZGC and Shenandoah pause notifications)
	 */
	static long heapAfterGc(Map<String, MemoryUsage> afterGc, Set<String> heapPoolNames) {
		long used = 0;
		for (Map.Entry<String, MemoryUsage> pool : afterGc.entrySet()) {
			if (heapPoolNames.contains(pool.getKey()) && pool.getValue() != null) {
				used += Math.max(0, pool.getValue().getUsed());
			}
		}
		return used;
	}

	private long collectionUsage() {
		long used = 0;
		for (MemoryPoolMXBean pool : this.heapPools) {
			MemoryUsage afterGc = pool.isValid() ? pool.getCollectionUsage() : null;
			if (afterGc != null) {
				used += afterGc.getUsed();
			}
		}
		return used;
	}

	private long heapUsed() {
		long used = 0;
		for (MemoryPoolMXBean pool : this.heapPools) {
			try {
				used += pool.getUsage().getUsed();
			}
			catch (IllegalArgumentException ex) {
				// JDK-8207200: a usage momentarily above committed cannot be built
			}
		}
		return used;
	}

	/**
	 * Kept apart so the probe loads on JVMs without {@code com.sun.management}.
	 */
	private static final class LastGcInfo {

		static Freshest freshest(List<GarbageCollectorMXBean> collectors, Set<String> heapPoolNames) {
			long freshestEnd = Long.MIN_VALUE;
			Freshest freshest = null;
			for (GarbageCollectorMXBean collector : collectors) {
				if (collector instanceof com.sun.management.GarbageCollectorMXBean withInfo) {
					GcInfo info = withInfo.getLastGcInfo();
					if (info != null && info.getEndTime() > freshestEnd) {
						long used = heapAfterGc(info.getMemoryUsageAfterGc(), heapPoolNames);
						if (used > 0) {
							freshestEnd = info.getEndTime();
							freshest = new Freshest(used, collectsWholeHeap(collector.getName()));
						}
					}
				}
			}
			return freshest;
		}

		/**
		 * The heap after the freshest collection that reported pool data.
		 */
		record Freshest(long heapUsedAfter, boolean major) {

		}

	}

}
