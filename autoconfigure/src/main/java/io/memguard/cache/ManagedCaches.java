package io.memguard.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * The caches of Spring Boot's {@link CaffeineCacheManager}, each built from its
 * {@link CacheSpec} and wrapped in a {@link GuardedCaffeineCache}.
 * <p>
 * Configured caches (and {@code spring.cache.cache-names}) are registered as custom
 * caches when the manager is customized. Caches the manager creates at run time are built
 * from the defaults, so they are bounded from the first entry, and are adopted (wrapped,
 * and reported to the adoption listeners, for example to bind their metrics) right after
 * their creation.
 */
public class ManagedCaches implements LocalCacheInvalidator {

	private static final Log logger = LogFactory.getLog(ManagedCaches.class);

	private final MemguardCacheProperties properties;

	private final CacheWeigher weigher;

	private final Ticker ticker;

	private final CacheLoader<Object, Object> cacheLoader;

	private final Consumer<CacheInvalidation> manualInvalidations;

	private final Map<String, GuardedCaffeineCache> caches = new ConcurrentHashMap<>();

	private final Map<String, CacheSpec> specs = new ConcurrentHashMap<>();

	private final List<Consumer<org.springframework.cache.Cache>> adoptionListeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger pendingAdoptions = new AtomicInteger();

	private final Executor adoptionExecutor = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

	private volatile CaffeineCacheManager cacheManager;

	/**
	 * Creates the caches.
	 * @param properties the settings
	 * @param weigher weighs entries of caches bounded by weight
	 * @param ticker time source of expiry, or {@code null} for the system ticker
	 * @param cacheLoader loader for caches that refresh after write, or {@code null}
	 * @param manualInvalidations told about each manual eviction or clear, after it was
	 * applied locally
	 */
	public ManagedCaches(MemguardCacheProperties properties, CacheWeigher weigher, Ticker ticker,
			CacheLoader<Object, Object> cacheLoader, Consumer<CacheInvalidation> manualInvalidations) {
		this.properties = properties;
		this.weigher = weigher;
		this.ticker = ticker;
		this.cacheLoader = cacheLoader;
		this.manualInvalidations = manualInvalidations;
	}

	/**
	 * Applies the settings to a cache manager: defaults for caches created at run time,
	 * and a guarded custom cache for every configured or already known cache name.
	 * @param manager the manager
	 */
	public void customize(CaffeineCacheManager manager) {
		this.cacheManager = manager;
		List<String> names = new ArrayList<>(manager.getCacheNames());
		this.properties.getCaches().keySet().stream().filter((name) -> !names.contains(name)).forEach(names::add);
		for (String name : names) {
			register(name, this.properties.specFor(name));
		}
		// Registered first: setCaffeine rebuilds only the caches that are not custom.
		manager.setCaffeine(builder(this.properties.defaultSpec()).recordStats(runtimeCacheBuilt()));
	}

	/**
	 * Registers a listener told about every cache adopted after startup.
	 * @param listener the listener, given Spring's view of the cache
	 */
	public void addAdoptionListener(Consumer<org.springframework.cache.Cache> listener) {
		this.adoptionListeners.add(listener);
	}

	/**
	 * The guarded cache of that name, adopting it if the manager created it at run time.
	 * @param name the cache name
	 * @return the cache, or {@code null} if no such cache exists yet
	 */
	public GuardedCaffeineCache get(String name) {
		GuardedCaffeineCache cache = this.caches.get(name);
		if (cache == null && this.cacheManager != null && this.cacheManager.getCacheNames().contains(name)) {
			adoptNewCaches();
			cache = this.caches.get(name);
		}
		return cache;
	}

	/**
	 * Every guarded cache, after adopting the caches created at run time.
	 * @return the caches
	 */
	public Collection<GuardedCaffeineCache> all() {
		adoptNewCaches();
		return List.copyOf(this.caches.values());
	}

	/**
	 * The effective settings of a cache.
	 * @param name the cache name
	 * @return the settings
	 */
	public CacheSpec spec(String name) {
		return this.specs.getOrDefault(name, this.properties.defaultSpec());
	}

	@Override
	public void invalidateLocally(CacheInvalidation invalidation) {
		GuardedCaffeineCache cache = get(invalidation.cacheName());
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
		all().forEach(GuardedCaffeineCache::clearLocally);
	}

	/**
	 * Adopts every cache the manager created since the last call: wraps it (keeping its
	 * entries) and tells the adoption listeners.
	 */
	public synchronized void adoptNewCaches() {
		CaffeineCacheManager manager = this.cacheManager;
		if (manager == null) {
			return;
		}
		for (String name : manager.getCacheNames()) {
			if (!this.caches.containsKey(name) && manager.getCache(name) instanceof CaffeineCache created) {
				GuardedCaffeineCache guarded = new GuardedCaffeineCache(name, created.getNativeCache(),
						this.manualInvalidations);
				this.specs.put(name, this.properties.defaultSpec());
				this.caches.put(name, guarded);
				manager.registerCustomCache(name, guarded);
				this.pendingAdoptions.updateAndGet((pending) -> Math.max(0, pending - 1));
				org.springframework.cache.Cache adopted = manager.getCache(name);
				for (Consumer<org.springframework.cache.Cache> listener : this.adoptionListeners) {
					listener.accept(adopted);
				}
			}
		}
	}

	private void register(String name, CacheSpec spec) {
		Caffeine<Object, Object> builder = builder(spec).recordStats();
		com.github.benmanes.caffeine.cache.Cache<Object, Object> cache = (this.cacheLoader != null)
				? builder.build(this.cacheLoader) : builder.build();
		GuardedCaffeineCache guarded = new GuardedCaffeineCache(name, cache, this.manualInvalidations);
		this.specs.put(name, spec);
		this.caches.put(name, guarded);
		this.cacheManager.registerCustomCache(name, guarded);
	}

	private Caffeine<Object, Object> builder(CacheSpec spec) {
		if (spec.refreshAfterWrite() != null && this.cacheLoader == null) {
			throw new IllegalStateException("Cache '" + spec.name() + "' sets refresh-after-write "
					+ "(memguard.cache.caches." + spec.name() + ".refresh-after-write or memguard.cache.default"
					+ ".refresh-after-write) but there is no CacheLoader bean to reload entries with: define one or "
					+ "remove the setting");
		}
		Caffeine<Object, Object> builder = spec.toBuilder(this.weigher);
		if (this.ticker != null) {
			builder.ticker(this.ticker);
		}
		return builder;
	}

	/**
	 * Caffeine asks for a stats counter once per cache it builds: the signal that the
	 * manager just created a cache, which is adopted once the manager has stored it.
	 */
	private Supplier<ConcurrentStatsCounter> runtimeCacheBuilt() {
		return () -> {
			this.pendingAdoptions.incrementAndGet();
			this.adoptionExecutor.execute(() -> adoptUntilSettled(100));
			return new ConcurrentStatsCounter();
		};
	}

	private void adoptUntilSettled(int attemptsLeft) {
		try {
			adoptNewCaches();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not adopt caches created at run time", ex);
		}
		if (this.pendingAdoptions.get() > 0) {
			if (attemptsLeft > 0) {
				this.adoptionExecutor.execute(() -> adoptUntilSettled(attemptsLeft - 1));
			}
			else {
				this.pendingAdoptions.set(0);
			}
		}
	}

}
