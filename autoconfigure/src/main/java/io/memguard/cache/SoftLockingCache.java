package io.memguard.cache;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * A Caffeine cache that refuses stale writes and reports manual invalidations.
 * <p>
 * Soft locks, as in Hibernate's second-level cache: while a transaction that changes the
 * data behind the cache is in flight (from flush to completion) the cache, or the
 * affected keys, are locked and every put is dropped. Every invalidation also advances an
 * invalidation counter: a value is stored only if no invalidation happened since its
 * loader started, so a reader that loaded the old row before the commit cannot put it
 * back after the eviction.
 * <p>
 * Evictions and clears made through the cache itself (Spring's {@code @CacheEvict},
 * {@code /actuator/caches} DELETE, direct calls) are reported to a listener that sends
 * them to the other instances; {@link #evictLocally} and {@link #clearLocally} are not.
 */
final class SoftLockingCache implements Cache<Object, Object> {

	private final String name;

	private final Cache<Object, Object> delegate;

	private final Consumer<CacheInvalidation> manualInvalidations;

	private final AtomicLong invalidations = new AtomicLong();

	private final AtomicInteger cacheLocks = new AtomicInteger();

	private final Map<Object, Integer> keyLocks = new ConcurrentHashMap<>();

	// Per thread, the invalidation counter at each recent miss, by key: a put is checked
	// against its own key's miss, even after nested lookups of other keys in between.
	private final ThreadLocal<Map<Object, Long>> misses = ThreadLocal.withInitial(RecentMisses::new);

	private final ConcurrentMap<Object, Object> map;

	SoftLockingCache(String name, Cache<Object, Object> delegate, Consumer<CacheInvalidation> manualInvalidations) {
		this.name = name;
		this.delegate = delegate;
		this.manualInvalidations = manualInvalidations;
		this.map = new GuardedMap();
	}

	/**
	 * The name of the cache.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	@Override
	public Object getIfPresent(Object key) {
		Object value = this.delegate.getIfPresent(key);
		if (value == null) {
			this.misses.get().put(key, this.invalidations.get());
		}
		return value;
	}

	@Override
	public Object get(Object key, Function<? super Object, ?> mappingFunction) {
		Object present = this.delegate.getIfPresent(key);
		if (present != null) {
			return present;
		}
		Object[] loaded = new Object[1];
		Object stored = this.delegate.asMap().compute(key, (k, existing) -> {
			if (existing != null) {
				return existing;
			}
			long start = this.invalidations.get();
			Object value = mappingFunction.apply(k);
			loaded[0] = value;
			return (value != null && isWriteable(k, start)) ? value : null;
		});
		return (stored != null) ? stored : loaded[0];
	}

	@Override
	public Map<Object, Object> getAllPresent(Iterable<? extends Object> keys) {
		return this.delegate.getAllPresent(keys);
	}

	@Override
	public Map<Object, Object> getAll(Iterable<? extends Object> keys,
			Function<? super Set<? extends Object>, ? extends Map<? extends Object, ? extends Object>> mappingFunction) {
		Map<Object, Object> result = new LinkedHashMap<>(getAllPresent(keys));
		for (Object key : keys) {
			if (!result.containsKey(key)) {
				Object value = get(key, (k) -> mappingFunction.apply(Set.of(k)).get(k));
				if (value != null) {
					result.put(key, value);
				}
			}
		}
		return result;
	}

	@Override
	public void put(Object key, Object value) {
		Long missed = this.misses.get().remove(key);
		long start = (missed != null) ? missed : this.invalidations.get();
		this.delegate.asMap().compute(key, (k, existing) -> isWriteable(k, start) ? value : existing);
	}

	@Override
	public void putAll(Map<? extends Object, ? extends Object> entries) {
		entries.forEach(this::put);
	}

	@Override
	public void invalidate(Object key) {
		evictLocally(List.of(key));
		this.manualInvalidations.accept(CacheInvalidation.evict(this.name, List.of(key)));
	}

	@Override
	public void invalidateAll(Iterable<? extends Object> keys) {
		List<Object> list = new ArrayList<>();
		keys.forEach(list::add);
		evictLocally(list);
		this.manualInvalidations.accept(CacheInvalidation.evict(this.name, list));
	}

	@Override
	public void invalidateAll() {
		clearLocally();
		this.manualInvalidations.accept(CacheInvalidation.clear(this.name));
	}

	@Override
	public long estimatedSize() {
		return this.delegate.estimatedSize();
	}

	@Override
	public CacheStats stats() {
		return this.delegate.stats();
	}

	@Override
	public ConcurrentMap<Object, Object> asMap() {
		return this.map;
	}

	@Override
	public void cleanUp() {
		this.delegate.cleanUp();
	}

	@Override
	public Policy<Object, Object> policy() {
		return this.delegate.policy();
	}

	/**
	 * Evicts keys on this instance only. The counter moves first, so a load that started
	 * before cannot store its value after the eviction.
	 * @param keys the keys
	 */
	public void evictLocally(Collection<?> keys) {
		this.invalidations.incrementAndGet();
		this.delegate.invalidateAll(keys);
	}

	/**
	 * Clears the cache on this instance only.
	 */
	public void clearLocally() {
		this.invalidations.incrementAndGet();
		this.delegate.invalidateAll();
	}

	/**
	 * Locks the whole cache (when {@code keys} is empty) or some keys: puts are dropped
	 * until {@link #unlock} is called with the same keys.
	 * @param keys the keys, or an empty collection for the whole cache
	 */
	public void lock(Collection<?> keys) {
		if (keys.isEmpty()) {
			this.cacheLocks.incrementAndGet();
		}
		for (Object key : keys) {
			this.keyLocks.merge(key, 1, Integer::sum);
		}
	}

	/**
	 * Releases a lock taken with {@link #lock}.
	 * @param keys the same keys
	 */
	public void unlock(Collection<?> keys) {
		if (keys.isEmpty()) {
			this.cacheLocks.decrementAndGet();
		}
		for (Object key : keys) {
			this.keyLocks.computeIfPresent(key, (k, count) -> (count == 1) ? null : count - 1);
		}
	}

	private boolean isWriteable(Object key, long loadStart) {
		return this.cacheLocks.get() == 0 && (this.keyLocks.isEmpty() || !this.keyLocks.containsKey(key))
				&& this.invalidations.get() == loadStart;
	}

	@Override
	public String toString() {
		return "SoftLockingCache[" + this.name + "]";
	}

	/**
	 * The misses of one thread not yet followed by a put, oldest dropped beyond a few (a
	 * put without its miss is checked against the current counter).
	 */
	private static final class RecentMisses extends LinkedHashMap<Object, Long> {

		private static final int MAX_MISSES = 16;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Object, Long> eldest) {
			return size() > MAX_MISSES;
		}

	}

	/**
	 * The map view Spring's {@code CaffeineCache} uses for {@code evictIfPresent} and
	 * {@code invalidate}: removals are reported like {@link #invalidate}.
	 */
	private final class GuardedMap extends AbstractMap<Object, Object> implements ConcurrentMap<Object, Object> {

		private final ConcurrentMap<Object, Object> target = SoftLockingCache.this.delegate.asMap();

		@Override
		public Set<Entry<Object, Object>> entrySet() {
			return this.target.entrySet();
		}

		@Override
		public int size() {
			return this.target.size();
		}

		@Override
		public boolean isEmpty() {
			return this.target.isEmpty();
		}

		@Override
		public boolean containsKey(Object key) {
			return this.target.containsKey(key);
		}

		@Override
		public Object get(Object key) {
			return this.target.get(key);
		}

		@Override
		public Object put(Object key, Object value) {
			Object previous = this.target.get(key);
			SoftLockingCache.this.put(key, value);
			return previous;
		}

		@Override
		public Object remove(Object key) {
			Object previous = this.target.get(key);
			invalidate(key);
			return previous;
		}

		@Override
		public void clear() {
			invalidateAll();
		}

		@Override
		public Object putIfAbsent(Object key, Object value) {
			Object previous = this.target.get(key);
			if (previous == null) {
				SoftLockingCache.this.put(key, value);
			}
			return previous;
		}

		@Override
		public boolean remove(Object key, Object value) {
			boolean removed = this.target.remove(key, value);
			if (removed) {
				invalidate(key);
			}
			return removed;
		}

		@Override
		public boolean replace(Object key, Object oldValue, Object newValue) {
			return this.target.replace(key, oldValue, newValue);
		}

		@Override
		public Object replace(Object key, Object value) {
			return this.target.replace(key, value);
		}

	}

}
