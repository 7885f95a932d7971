package io.memguard.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import io.memguard.actuate.DetailedMemoryEndpointContributor;

/**
 * The {@code caches} section of {@code /actuator/memory}: per cache its size, estimated
 * weight, bound, hit ratio, evictions and effective settings, with, as details, its key
 * expression and the entity types that invalidate it.
 */
class CachesMemorySection implements DetailedMemoryEndpointContributor {

	private final SoftLockingCaches caches;

	private final EntityCacheBindings bindings;

	CachesMemorySection(SoftLockingCaches caches, EntityCacheBindings bindings) {
		this.caches = caches;
		this.bindings = bindings;
	}

	@Override
	public String sectionName() {
		return "caches";
	}

	@Override
	public Map<String, CacheDescriptor> section(boolean showDetails) {
		Map<String, CacheDescriptor> section = new TreeMap<>();
		for (SoftLockingCache cache : this.caches.all()) {
			CacheStats stats = cache.stats();
			Policy.Eviction<Object, Object> eviction = cache.policy().eviction().orElse(null);
			Long weight = (eviction != null && eviction.isWeighted()) ? eviction.weightedSize().orElse(0) : null;
			Long maximum = (eviction != null) ? eviction.getMaximum() : null;
			CacheSpec spec = this.caches.spec(cache.getName());
			section.put(cache.getName(),
					new CacheDescriptor(cache.estimatedSize(), weight, maximum, stats.hitRate(), stats.hitCount(),
							stats.missCount(), stats.evictionCount(), new Settings(spec, showDetails),
							showDetails ? this.bindings.entityTypes(cache.getName()) : null));
		}
		return section;
	}

	/**
	 * The state of one cache.
	 *
	 * @param size estimated number of entries
	 * @param estimatedWeight estimated weight in bytes, for caches bounded by weight
	 * @param currentMaximum the bound in force now (lower under memory pressure)
	 * @param hitRatio hits over requests since startup
	 * @param hits number of hits
	 * @param misses number of misses
	 * @param evictions number of entries evicted by size, weight or expiry
	 * @param settings the effective settings
	 * @param invalidatedBy entity types whose changes invalidate the cache, a detail
	 */
	public record CacheDescriptor(long size, Long estimatedWeight, Long currentMaximum, double hitRatio, long hits,
			long misses, long evictions, Settings settings, @JsonInclude(Include.NON_NULL) List<String> invalidatedBy) {
	}

	/**
	 * The effective settings of one cache.
	 *
	 * @param maximumSize maximum number of entries
	 * @param maximumWeight maximum estimated weight in bytes
	 * @param expireAfterWrite expiry after write
	 * @param expireAfterAccess expiry after access
	 * @param refreshAfterWrite refresh after write
	 * @param key key expression of key-level eviction, a detail
	 * @param clearOnCritical whether the cache is cleared at critical pressure
	 */
	public record Settings(Long maximumSize, Long maximumWeight, Duration expireAfterWrite, Duration expireAfterAccess,
			Duration refreshAfterWrite, @JsonInclude(Include.NON_NULL) String key, boolean clearOnCritical) {

		Settings(CacheSpec spec, boolean showDetails) {
			this(spec.maximumSize(), spec.maximumWeight(), spec.expireAfterWrite(), spec.expireAfterAccess(),
					spec.refreshAfterWrite(), showDetails ? spec.key() : null, spec.clearOnCritical());
		}

	}

}
