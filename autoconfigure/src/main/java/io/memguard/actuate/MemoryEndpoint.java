package io.memguard.actuate;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.memguard.cleanup.CleanupReport;
import io.memguard.cleanup.GarbageCollectionCleanupStep;
import io.memguard.cleanup.MemoryCleanup;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;
import io.memguard.memory.MemoryThresholds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows the memory-pressure level, the JVM's memory and
 * one section per {@link MemoryEndpointContributor}. The sections' details are shown as
 * {@code management.endpoint.memory.show-details} allows, like Spring Boot's health
 * details.
 * <p>
 * Its write operation runs the {@link MemoryCleanup}. The endpoint's default access is
 * read-only: the cleanup pauses the JVM for a full collection and empties caches, so it
 * is available only where {@code management.endpoint.memory.access=unrestricted} allows
 * it.
 */
@Endpoint(id = "memory", defaultAccess = Access.READ_ONLY)
public class MemoryEndpoint {

	private static final Log logger = LogFactory.getLog(MemoryEndpoint.class);

	private static final Set<String> BUILT_IN_SECTIONS = Set.of("level", "levelSince", "heap", "thresholds", "nonHeap",
			"bufferPools", "gc", "container");

	private final MemoryMonitor monitor;

	private final List<MemoryEndpointContributor> contributors;

	private final Show showDetails;

	private final Set<String> roles;

	private final MemoryCleanup cleanup;

	/**
	 * Creates the endpoint, with a cleanup that only requests a full collection.
	 * @param monitor the memory monitor
	 * @param contributors the contributors of further sections
	 * @param showDetails when to show the sections' details
	 * @param roles the roles that may see them when authorized
	 */
	public MemoryEndpoint(MemoryMonitor monitor, List<MemoryEndpointContributor> contributors, Show showDetails,
			Set<String> roles) {
		this(monitor, contributors, showDetails, roles,
				new MemoryCleanup(monitor, List.of(new GarbageCollectionCleanupStep())));
	}

	/**
	 * Creates the endpoint.
	 * @param monitor the memory monitor
	 * @param contributors the contributors of further sections
	 * @param showDetails when to show the sections' details
	 * @param roles the roles that may see them when authorized
	 * @param cleanup the cleanup the write operation runs
	 */
	public MemoryEndpoint(MemoryMonitor monitor, List<MemoryEndpointContributor> contributors, Show showDetails,
			Set<String> roles, MemoryCleanup cleanup) {
		this.monitor = monitor;
		this.contributors = List.copyOf(contributors);
		this.showDetails = showDetails;
		this.roles = Set.copyOf(roles);
		this.cleanup = cleanup;
	}

	/**
	 * The current memory figures.
	 * @param securityContext who asks, for the details
	 * @return the level, the JVM's memory and the contributed sections
	 */
	@ReadOperation
	public MemoryDescriptor memory(SecurityContext securityContext) {
		MemorySnapshot snapshot = this.monitor.snapshot();
		Runtime runtime = Runtime.getRuntime();
		HeapDescriptor heap = new HeapDescriptor(runtime.totalMemory() - runtime.freeMemory(), runtime.totalMemory(),
				snapshot.heapMax(), snapshot.heapUsedAfterGc(), snapshot.liveRatio(), snapshot.retainedBytes(),
				snapshot.heldInFlightBytes(), snapshot.retentionCapacity(), snapshot.retainedRatio(),
				(snapshot.oldGenerationRatio() >= 0) ? snapshot.oldGenerationRatio() : null);
		MemoryThresholds thresholds = this.monitor.thresholds();
		double emergencyTrip = this.monitor.emergencyTripThreshold();
		ContainerDescriptor container = (snapshot.containerLimit() > 0) ? new ContainerDescriptor(
				snapshot.containerLimit(), snapshot.containerUsage(), snapshot.containerRatio()) : null;
		return new MemoryDescriptor(snapshot.level(), this.monitor.levelSince(), heap,
				new ThresholdsDescriptor(thresholds.warning(), thresholds.critical(), thresholds.recoveryMargin(),
						(emergencyTrip > 0) ? emergencyTrip : null),
				nonHeap(), bufferPools(), collectors(), container,
				contributedSections(this.showDetails.isShown(securityContext, this.roles)));
	}

	/**
	 * Runs the cleanup (caches, idle pool connections, a full collection) if the level is
	 * WARNING or worse, or the retained heap ratio has reached the threshold, or anyway
	 * when forced.
	 * @param threshold retained heap ratio to clean up at, above 0 and at most 1, or
	 * {@code null} to go by the level
	 * @param force whether to clean up whatever the level and threshold
	 * @return what was done, with the figures before and after
	 */
	@WriteOperation
	public CleanupReport cleanUp(@Nullable Double threshold, @Nullable Boolean force) {
		try {
			return this.cleanup.cleanUp(threshold, Boolean.TRUE.equals(force));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage(), ex);
		}
	}

	private static UsageDescriptor nonHeap() {
		try {
			MemoryUsage usage = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
			return new UsageDescriptor(usage.getUsed(), usage.getCommitted(), usage.getMax());
		}
		catch (IllegalArgumentException ex) {
			// JDK-8207200: usage momentarily above committed
			return null;
		}
	}

	private static Map<String, BufferPoolDescriptor> bufferPools() {
		Map<String, BufferPoolDescriptor> pools = new LinkedHashMap<>();
		for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
			pools.put(pool.getName(),
					new BufferPoolDescriptor(pool.getCount(), pool.getMemoryUsed(), pool.getTotalCapacity()));
		}
		return pools;
	}

	private static Map<String, CollectorDescriptor> collectors() {
		Map<String, CollectorDescriptor> collectors = new LinkedHashMap<>();
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			collectors.put(collector.getName(),
					new CollectorDescriptor(collector.getCollectionCount(), collector.getCollectionTime()));
		}
		return collectors;
	}

	private Map<String, Object> contributedSections(boolean showDetails) {
		Map<String, Object> sections = new LinkedHashMap<>();
		for (MemoryEndpointContributor contributor : this.contributors) {
			String name = contributor.sectionName();
			if (BUILT_IN_SECTIONS.contains(name) || sections.containsKey(name)) {
				logger.warn("Ignoring memory endpoint contributor " + contributor + ": section '" + name
						+ "' is already taken");
				continue;
			}
			try {
				sections.put(name, contributor.section(showDetails));
			}
			catch (RuntimeException ex) {
				// One broken section must not hide the memory figures
				logger.debug("Memory endpoint contributor " + contributor + " failed", ex);
				sections.put(name, Map.of("error", ex.getClass().getName()));
			}
		}
		return sections;
	}

	/**
	 * The endpoint's response: the built-in sections, then one per contributor.
	 */
	@JsonPropertyOrder({ "level", "levelSince", "heap", "thresholds", "nonHeap", "bufferPools", "gc", "container" })
	public static final class MemoryDescriptor implements OperationResponseBody {

		private final MemoryPressureLevel level;

		private final Instant levelSince;

		private final HeapDescriptor heap;

		private final ThresholdsDescriptor thresholds;

		private final UsageDescriptor nonHeap;

		private final Map<String, BufferPoolDescriptor> bufferPools;

		private final Map<String, CollectorDescriptor> gc;

		private final ContainerDescriptor container;

		private final Map<String, Object> sections;

		MemoryDescriptor(MemoryPressureLevel level, Instant levelSince, HeapDescriptor heap,
				ThresholdsDescriptor thresholds, UsageDescriptor nonHeap, Map<String, BufferPoolDescriptor> bufferPools,
				Map<String, CollectorDescriptor> gc, ContainerDescriptor container, Map<String, Object> sections) {
			this.level = level;
			this.levelSince = levelSince;
			this.heap = heap;
			this.thresholds = thresholds;
			this.nonHeap = nonHeap;
			this.bufferPools = Collections.unmodifiableMap(bufferPools);
			this.gc = Collections.unmodifiableMap(gc);
			this.container = container;
			this.sections = Collections.unmodifiableMap(sections);
		}

		public MemoryPressureLevel getLevel() {
			return this.level;
		}

		public Instant getLevelSince() {
			return this.levelSince;
		}

		public HeapDescriptor getHeap() {
			return this.heap;
		}

		public ThresholdsDescriptor getThresholds() {
			return this.thresholds;
		}

		@JsonInclude(Include.NON_NULL)
		public UsageDescriptor getNonHeap() {
			return this.nonHeap;
		}

		public Map<String, BufferPoolDescriptor> getBufferPools() {
			return this.bufferPools;
		}

		public Map<String, CollectorDescriptor> getGc() {
			return this.gc;
		}

		/**
		 * The container's limit and working set, or {@code null} (left out) when not in a
		 * container with a memory limit.
		 * @return the container figures
		 */
		@JsonInclude(Include.NON_NULL)
		public ContainerDescriptor getContainer() {
			return this.container;
		}

		/**
		 * The contributors' sections, by name. Serialized as top-level fields.
		 * @return the sections
		 */
		@JsonAnyGetter
		public Map<String, Object> getSections() {
			return this.sections;
		}

	}

	/**
	 * Heap figures.
	 *
	 * @param used bytes in use now, garbage included
	 * @param committed bytes committed
	 * @param max maximum heap size in bytes
	 * @param usedAfterLastGc bytes still in use after the last garbage collection
	 * @param liveRatio {@code usedAfterLastGc / max}
	 * @param retainedBytes bytes the application retains: the live heap minus what
	 * requests in flight held
	 * @param heldInFlightBytes bytes requests in flight are expected to hold
	 * @param retentionCapacity bytes retained data can fill: the heap, or the old
	 * generation of Serial and Parallel
	 * @param retainedRatio {@code retainedBytes / retentionCapacity}, what the level
	 * follows
	 * @param oldGenerationRatio how full a fixed-size old generation (Serial, Parallel)
	 * was after its last collection, or {@code null} (left out) for other collectors
	 */
	public record HeapDescriptor(long used, long committed, long max, long usedAfterLastGc, double liveRatio,
			long retainedBytes, long heldInFlightBytes, long retentionCapacity, double retainedRatio,
			@JsonInclude(Include.NON_NULL) Double oldGenerationRatio) {

	}

	/**
	 * The thresholds the level is derived with.
	 *
	 * @param warning ratio at which WARNING starts
	 * @param critical ratio at which CRITICAL starts
	 * @param recoveryMargin how far below a threshold the ratio must fall to leave its
	 * level
	 * @param emergencyTrip heap-in-use ratio of the emergency trip, or {@code null} when
	 * it is off
	 */
	public record ThresholdsDescriptor(double warning, double critical, double recoveryMargin,
			@JsonInclude(Include.NON_NULL) Double emergencyTrip) {

	}

	/**
	 * A memory area's usage.
	 *
	 * @param used bytes in use
	 * @param committed bytes committed
	 * @param max maximum bytes, or {@code -1} when undefined
	 */
	public record UsageDescriptor(long used, long committed, long max) {

	}

	/**
	 * A buffer pool ({@code direct}, {@code mapped}).
	 *
	 * @param count number of buffers
	 * @param memoryUsed bytes the JVM uses for them
	 * @param totalCapacity their total capacity in bytes
	 */
	public record BufferPoolDescriptor(long count, long memoryUsed, long totalCapacity) {

	}

	/**
	 * A garbage collector's totals.
	 *
	 * @param count collections so far
	 * @param timeMillis accumulated collection time in milliseconds
	 */
	public record CollectorDescriptor(long count, long timeMillis) {

	}

	/**
	 * The container's cgroup memory.
	 *
	 * @param limit memory limit in bytes
	 * @param usage working set in bytes (usage minus inactive page cache), or {@code -1}
	 * when unknown
	 * @param ratio {@code usage / limit}, or {@code -1} when unknown
	 */
	public record ContainerDescriptor(long limit, long usage, double ratio) {

	}

}
