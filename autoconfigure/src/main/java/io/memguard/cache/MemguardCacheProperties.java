package io.memguard.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of Memguard's bounded, self-invalidating caches.
 */
@ConfigurationProperties("memguard.cache")
public class MemguardCacheProperties {

	/**
	 * Whether Memguard configures the Caffeine cache manager of Spring Boot.
	 */
	private boolean enabled = true;

	/**
	 * Transport that sends invalidations to the other instances of the application.
	 */
	private Broadcast broadcast = Broadcast.NONE;

	/**
	 * Whether caches shrink under memory pressure and bound caches are cleared at
	 * critical pressure.
	 */
	private boolean shrinkOnPressure = true;

	/**
	 * Fraction of its maximum size or weight a cache keeps at warning pressure.
	 */
	private double pressureShrinkRatio = 0.5;

	/**
	 * Settings of every cache, including caches created at run time. Per-cache settings
	 * override them one by one.
	 */
	private final Spec defaults = Spec.defaults();

	/**
	 * Settings of individual caches, by cache name.
	 */
	private final Map<String, Spec> caches = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Broadcast getBroadcast() {
		return this.broadcast;
	}

	public void setBroadcast(Broadcast broadcast) {
		this.broadcast = broadcast;
	}

	public boolean isShrinkOnPressure() {
		return this.shrinkOnPressure;
	}

	public void setShrinkOnPressure(boolean shrinkOnPressure) {
		this.shrinkOnPressure = shrinkOnPressure;
	}

	public double getPressureShrinkRatio() {
		return this.pressureShrinkRatio;
	}

	public void setPressureShrinkRatio(double pressureShrinkRatio) {
		this.pressureShrinkRatio = pressureShrinkRatio;
	}

	public Spec getDefault() {
		return this.defaults;
	}

	public Map<String, Spec> getCaches() {
		return this.caches;
	}

	/**
	 * The effective settings of a cache: its own settings merged over the defaults.
	 * @param cacheName the cache
	 * @return the settings, always bounded
	 */
	public CacheSpec specFor(String cacheName) {
		return CacheSpec.merge(cacheName, this.caches.get(cacheName), this.defaults);
	}

	/**
	 * The settings of caches created at run time: the defaults alone.
	 * @return the settings, always bounded
	 */
	public CacheSpec defaultSpec() {
		if (!this.defaults.getInvalidateOn().isEmpty() || StringUtils.hasText(this.defaults.getKey())) {
			throw CacheConfigurationException.inDefaults(
					"sets invalidate-on or key, which belong to one named cache (memguard.cache.caches.<name>.invalidate-on and .key)");
		}
		return CacheSpec.merge("*", null, this.defaults);
	}

	/**
	 * Transports for invalidations between instances.
	 */
	public enum Broadcast {

		/**
		 * Invalidations stay on this instance.
		 */
		NONE,

		/**
		 * Invalidations travel over PostgreSQL {@code LISTEN/NOTIFY}.
		 */
		POSTGRES

	}

	/**
	 * Settings of one cache. Unset values fall back to the defaults.
	 */
	public static class Spec {

		/**
		 * Maximum number of entries. A cache's own size or weight bound replaces the
		 * default bound.
		 */
		private Long maximumSize;

		/**
		 * Maximum estimated weight of the entries, as measured by the cache weigher (an
		 * approximation, not exact heap usage).
		 */
		private DataSize maximumWeight;

		/**
		 * Time after which an entry expires once written.
		 */
		private Duration expireAfterWrite;

		/**
		 * Time after which an entry expires once last read or written.
		 */
		private Duration expireAfterAccess;

		/**
		 * Time after which an entry is reloaded once written. Needs a CacheLoader bean.
		 */
		private Duration refreshAfterWrite;

		/**
		 * Fully qualified names of the entity types (and their subtypes) whose inserts,
		 * updates and deletes invalidate the cache after commit.
		 */
		private List<String> invalidateOn = new ArrayList<>();

		/**
		 * SpEL expression evaluated against the changed entity's properties giving the
		 * key to evict, instead of clearing the whole cache.
		 */
		private String key;

		/**
		 * Whether the cache is cleared at critical memory pressure even when no entity
		 * type invalidates it.
		 */
		private Boolean clearOnCritical;

		static Spec defaults() {
			Spec spec = new Spec();
			spec.setMaximumSize(CacheSpec.DEFAULT_MAXIMUM_SIZE);
			spec.setExpireAfterWrite(Duration.ofMinutes(10));
			spec.setClearOnCritical(false);
			return spec;
		}

		public Long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(Long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public DataSize getMaximumWeight() {
			return this.maximumWeight;
		}

		public void setMaximumWeight(DataSize maximumWeight) {
			this.maximumWeight = maximumWeight;
		}

		public Duration getExpireAfterWrite() {
			return this.expireAfterWrite;
		}

		public void setExpireAfterWrite(Duration expireAfterWrite) {
			this.expireAfterWrite = expireAfterWrite;
		}

		public Duration getExpireAfterAccess() {
			return this.expireAfterAccess;
		}

		public void setExpireAfterAccess(Duration expireAfterAccess) {
			this.expireAfterAccess = expireAfterAccess;
		}

		public Duration getRefreshAfterWrite() {
			return this.refreshAfterWrite;
		}

		public void setRefreshAfterWrite(Duration refreshAfterWrite) {
			this.refreshAfterWrite = refreshAfterWrite;
		}

		public List<String> getInvalidateOn() {
			return this.invalidateOn;
		}

		public void setInvalidateOn(List<String> invalidateOn) {
			this.invalidateOn = invalidateOn;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public Boolean getClearOnCritical() {
			return this.clearOnCritical;
		}

		public void setClearOnCritical(Boolean clearOnCritical) {
			this.clearOnCritical = clearOnCritical;
		}

	}

}
