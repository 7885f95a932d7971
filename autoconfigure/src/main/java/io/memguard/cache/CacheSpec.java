package io.memguard.cache;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.util.StringUtils;

/**
 * The effective, always bounded settings of one cache: its own settings merged over the
 * defaults.
 *
 * @param name the cache name
 * @param maximumSize maximum number of entries, or {@code null} when bounded by weight
 * @param maximumWeight maximum estimated weight in bytes, or {@code null} when bounded by
 * size
 * @param expireAfterWrite expiry after write, or {@code null}
 * @param expireAfterAccess expiry after access, or {@code null}
 * @param refreshAfterWrite refresh after write, or {@code null}
 * @param invalidateOn names of the entity types that invalidate the cache
 * @param key SpEL expression giving the key to evict on an entity change, or {@code null}
 * to clear the whole cache
 * @param clearOnCritical whether the cache is cleared at critical memory pressure
 */
record CacheSpec(String name, Long maximumSize, Long maximumWeight, Duration expireAfterWrite,
		Duration expireAfterAccess, Duration refreshAfterWrite, List<String> invalidateOn, String key,
		boolean clearOnCritical) {

	/**
	 * Size bound used when neither the cache nor the defaults set one: no cache is ever
	 * unbounded.
	 */
	public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

	public CacheSpec {
		invalidateOn = List.copyOf(invalidateOn);
	}

	static CacheSpec merge(String name, MemguardCacheProperties.Spec own, MemguardCacheProperties.Spec defaults) {
		MemguardCacheProperties.Spec spec = (own != null) ? own : new MemguardCacheProperties.Spec();
		boolean ownBound = spec.getMaximumSize() != null || spec.getMaximumWeight() != null;
		MemguardCacheProperties.Spec bound = ownBound ? spec : defaults;
		Long maximumSize = bound.getMaximumSize();
		Long maximumWeight = (bound.getMaximumWeight() != null) ? bound.getMaximumWeight().toBytes() : null;
		if (maximumSize == null && maximumWeight == null) {
			maximumSize = DEFAULT_MAXIMUM_SIZE;
		}
		String key = StringUtils.hasText(spec.getKey()) ? spec.getKey() : null;
		boolean clearOnCritical = (spec.getClearOnCritical() != null) ? spec.getClearOnCritical()
				: Boolean.TRUE.equals(defaults.getClearOnCritical());
		return new CacheSpec(name, maximumSize, maximumWeight,
				or(spec.getExpireAfterWrite(), defaults.getExpireAfterWrite()),
				or(spec.getExpireAfterAccess(), defaults.getExpireAfterAccess()),
				or(spec.getRefreshAfterWrite(), defaults.getRefreshAfterWrite()), spec.getInvalidateOn(), key,
				clearOnCritical);
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * Whether entity changes invalidate this cache.
	 * @return {@code true} when {@link #invalidateOn()} is not empty
	 */
	public boolean isInvalidationBound() {
		return !this.invalidateOn.isEmpty();
	}

	/**
	 * A Caffeine builder with these settings. Statistics are left to the caller.
	 * @param weigher the weigher used when the cache is bounded by weight
	 * @return the builder
	 */
	Caffeine<Object, Object> toBuilder(CacheWeigher weigher) {
		Caffeine<Object, Object> builder = Caffeine.newBuilder();
		if (this.maximumSize != null) {
			builder.maximumSize(this.maximumSize);
		}
		else {
			builder.maximumWeight(this.maximumWeight).weigher((key, value) -> weigher.weigh(this.name, key, value));
		}
		if (this.expireAfterWrite != null) {
			builder.expireAfterWrite(this.expireAfterWrite);
		}
		if (this.expireAfterAccess != null) {
			builder.expireAfterAccess(this.expireAfterAccess);
		}
		if (this.refreshAfterWrite != null) {
			builder.refreshAfterWrite(this.refreshAfterWrite);
		}
		return builder;
	}

}
