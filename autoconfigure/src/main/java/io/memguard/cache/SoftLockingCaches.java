package io.memguard.cache;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * The caches of Spring Boot's {@link CaffeineCacheManager}, each built from its
 * {@link CacheSpec} and decorated as a {@link SoftLockingCache} by the manager's own
 * hooks ({@link SoftLockingCaffeineCacheManager}), whether it is configured or created at
 * run time.
 * <p>
 * Configured caches (and {@code spring.cache.cache-names}) are registered when the
 * manager is customized, so they exist from startup; the manager builds the others from
 * the defaults on first use and reports them to the creation listeners (for example to
 * bind their metrics).
 */
final class SoftLockingCaches implements LocalCacheInvalidator {

	private final MemguardCacheProperties properties;

	private final CacheWeigher weigher;

	private final Ticker ticker;

	private final CacheLoader<Object, Object> cacheLoader;

	private final CacheInvalidationBroadcasters broadcasters;

	private final Map<String, SoftLockingCache> caches = new ConcurrentHashMap<>();

	private final List<Consumer<org.springframework.cache.Cache>> creationListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the caches.
	 * @param properties the settings
	 * @param weigher weighs entries of caches bounded by weight
	 * @param ticker time source of expiry, or {@code null} for the system ticker
	 * @param cacheLoader loader for caches that refresh after write, or {@code null}
	 * @param broadcasters told about each manual eviction or clear, after it was applied
	 * locally
	 */
	SoftLockingCaches(MemguardCacheProperties properties, CacheWeigher weigher, Ticker ticker,
			CacheLoader<Object, Object> cacheLoader, CacheInvalidationBroadcasters broadcasters) {
		this.properties = properties;
		this.weigher = weigher;
		this.ticker = ticker;
		this.cacheLoader = cacheLoader;
		this.broadcasters = broadcasters;
	}

	/**
	 * A cache manager whose every cache is built and decorated here.
	 * @return a new manager, to be {@linkplain #customize customized}
	 */
	CaffeineCacheManager createCacheManager() {
		return new SoftLockingCaffeineCacheManager(this);
	}

	/**
	 * Registers every configured cache the manager does not have yet, so each exists from
	 * startup, even when {@code spring.cache.cache-names} does not list it.
	 * @param manager the manager, from {@link #createCacheManager()}
	 */
	void customize(CaffeineCacheManager manager) {
		Collection<String> known = manager.getCacheNames();
		this.properties.getCaches()
			.keySet()
			.stream()
			.filter((name) -> !known.contains(name))
			.forEach((name) -> manager.registerCustomCache(name, build(name)));
	}

	/**
	 * Registers a listener told about every cache the manager creates on first use.
	 * @param listener the listener, given Spring's view of the cache
	 */
	void addCreationListener(Consumer<org.springframework.cache.Cache> listener) {
		this.creationListeners.add(listener);
	}

	/**
	 * The cache of that name.
	 * @param name the cache name
	 * @return the cache, or {@code null} if no such cache exists yet
	 */
	SoftLockingCache get(String name) {
		return this.caches.get(name);
	}

	/**
	 * Every cache.
	 * @return the caches
	 */
	Collection<SoftLockingCache> all() {
		return List.copyOf(this.caches.values());
	}

	/**
	 * The effective settings of a cache.
	 * @param name the cache name
	 * @return the settings
	 */
	CacheSpec spec(String name) {
		return this.properties.specFor(name);
	}

	@Override
	public void invalidateLocally(CacheInvalidation invalidation) {
		SoftLockingCache cache = get(invalidation.cacheName());
		if (cache == null) {
			return;
		}
		if (invalidation.isClear()) {
			cache.clearLocally();
		}
		else {
			cache.evictLocally(invalidation.keys());
		}
	}

	@Override
	public void clearAllLocally() {
		all().forEach(SoftLockingCache::clearLocally);
	}

	com.github.benmanes.caffeine.cache.Cache<Object, Object> build(String name) {
		CacheSpec spec = spec(name);
		if (spec.refreshAfterWrite() != null && this.cacheLoader == null) {
			throw new IllegalStateException("Cache '" + name + "' sets refresh-after-write " + "(memguard.cache.caches."
					+ name + ".refresh-after-write or memguard.cache.default"
					+ ".refresh-after-write) but there is no CacheLoader bean to reload entries with: define one or "
					+ "remove the setting");
		}
		Caffeine<Object, Object> builder = spec.toBuilder(this.weigher).recordStats();
		if (this.ticker != null) {
			builder.ticker(this.ticker);
		}
		return (this.cacheLoader != null) ? builder.build(this.cacheLoader) : builder.build();
	}

	SoftLockingCache decorate(String name, com.github.benmanes.caffeine.cache.Cache<Object, Object> cache) {
		SoftLockingCache decorated = new SoftLockingCache(name, cache, this.broadcasters::broadcast);
		this.caches.put(name, decorated);
		return decorated;
	}

	void created(org.springframework.cache.Cache cache) {
		this.creationListeners.forEach((listener) -> listener.accept(cache));
	}

}
