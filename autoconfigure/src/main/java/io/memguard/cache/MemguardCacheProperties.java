package io.memguard.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of Memguard's bounded, self-invalidating caches. Validated by
 * the binder: the defaults and each cache check their own settings.
 */
@ConfigurationProperties("memguard.cache")
public class MemguardCacheProperties implements Validator {

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
	CacheSpec specFor(String cacheName) {
		return CacheSpec.merge(cacheName, this.caches.get(cacheName), this.defaults);
	}

	/**
	 * The settings of caches created at run time: the defaults alone.
	 * @return the settings, always bounded
	 */
	CacheSpec defaultSpec() {
		return CacheSpec.merge("*", null, this.defaults);
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == MemguardCacheProperties.class || type == Spec.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof MemguardCacheProperties) {
			PropertyChecks.rejectUnlessRatio(errors, "pressureShrinkRatio", this.pressureShrinkRatio);
		}
		else if (target instanceof Spec spec) {
			spec.validate(errors, spec == this.defaults);
		}
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
		POSTGRES,

		/**
		 * Invalidations travel over Redis pub/sub, after commit, numbered so that a lost
		 * message clears the caches.
		 */
		REDIS

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

		private void validate(Errors errors, boolean isDefault) {
			PropertyChecks.rejectIfNegative(errors, "maximumSize", (this.maximumSize != null) ? this.maximumSize : 0);
			PropertyChecks.rejectIfNegative(errors, "maximumWeight", this.maximumWeight);
			PropertyChecks.rejectUnless(errors, "maximumWeight", this.maximumSize == null || this.maximumWeight == null,
					"unset when maximum-size is set: a cache is bounded by size or by weight");
			PropertyChecks.rejectIfNegative(errors, "expireAfterWrite", this.expireAfterWrite);
			PropertyChecks.rejectIfNegative(errors, "expireAfterAccess", this.expireAfterAccess);
			PropertyChecks.rejectUnless(errors, "refreshAfterWrite",
					this.refreshAfterWrite == null || this.refreshAfterWrite.toNanos() > 0, "positive");
			if (isDefault) {
				PropertyChecks.rejectUnless(errors, "invalidateOn", this.invalidateOn.isEmpty(),
						"set on a named cache (memguard.cache.caches.<name>.invalidate-on), not on the defaults");
				PropertyChecks.rejectUnless(errors, "key", !StringUtils.hasText(this.key),
						"set on a named cache (memguard.cache.caches.<name>.key), not on the defaults");
				return;
			}
			for (String typeName : this.invalidateOn) {
				PropertyChecks.rejectUnless(errors, "invalidateOn",
						ClassUtils.isPresent(typeName, ClassUtils.getDefaultClassLoader()),
						"names of entity types on the class path, but '" + typeName + "' is not");
			}
			if (StringUtils.hasText(this.key)) {
				PropertyChecks.rejectUnless(errors, "key", parses(this.key), "a SpEL expression");
			}
		}

		private static boolean parses(String expression) {
			try {
				new SpelExpressionParser().parseExpression(expression);
				return true;
			}
			catch (ParseException ex) {
				return false;
			}
		}

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
