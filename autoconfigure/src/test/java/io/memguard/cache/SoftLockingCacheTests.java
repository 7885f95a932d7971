package io.memguard.cache;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.Test;

import org.springframework.cache.caffeine.CaffeineCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SoftLockingCache}, through Spring's {@link CaffeineCache} adapter as
 * {@code @Cacheable} uses it.
 */
class SoftLockingCacheTests {

	private final List<CacheInvalidation> reported = new ArrayList<>();

	private final SoftLockingCache guarded = new SoftLockingCache("words",
			Caffeine.newBuilder().maximumSize(100).build(), this.reported::add);

	private final CaffeineCache cache = new CaffeineCache("words", this.guarded);

	@Test
	void valueLoadedBeforeAnInvalidationIsNotStoredAfterIt() {
		assertThat(this.cache.get("en")).isNull();
		this.guarded.clearLocally();
		this.cache.put("en", "old");
		assertThat(this.cache.get("en")).isNull();
		this.cache.put("en", "new");
		assertThat(this.cache.get("en").get()).isEqualTo("new");
	}

	@Test
	void nestedLookupOfAnotherKeyDoesNotLetTheOuterLoadStoreAStaleValue() {
		// @Cacheable("words") method for "en" calls another @Cacheable("words") method
		assertThat(this.cache.get("en")).isNull();
		assertThat(this.cache.get("fr")).isNull();
		this.cache.put("fr", "fr words");
		this.guarded.clearLocally();
		this.cache.put("en", "old");
		assertThat(this.cache.get("en")).isNull();
		this.cache.put("en", "new");
		assertThat(this.cache.get("en").get()).isEqualTo("new");
	}

	@Test
	void syncLoadStartedBeforeAnInvalidationReturnsItsValueWithoutStoringIt() {
		String value = this.cache.get("en", () -> {
			// Any invalidation of the cache counts, here one of another key.
			this.guarded.evictLocally(List.of("fr"));
			return "old";
		});
		assertThat(value).isEqualTo("old");
		assertThat(this.cache.get("en")).isNull();
		assertThat(this.cache.get("en", () -> "new")).isEqualTo("new");
		assertThat(this.cache.get("en").get()).isEqualTo("new");
	}

	@Test
	void lockedCacheDropsPutsUntilUnlocked() {
		this.guarded.lock(List.of());
		this.cache.put("en", "old");
		assertThat(this.cache.get("en")).isNull();
		this.guarded.unlock(List.of());
		this.cache.put("en", "new");
		assertThat(this.cache.get("en").get()).isEqualTo("new");
	}

	@Test
	void lockedKeyDropsPutsOfThatKeyOnly() {
		this.guarded.lock(List.of("en"));
		this.cache.put("en", "old");
		this.cache.put("fr", "vieux");
		assertThat(this.cache.get("en")).isNull();
		assertThat(this.cache.get("fr").get()).isEqualTo("vieux");
		this.guarded.unlock(List.of("en"));
		this.cache.put("en", "new");
		assertThat(this.cache.get("en").get()).isEqualTo("new");
	}

	@Test
	void evictionsThroughSpringAreReportedAndLocalOnesAreNot() {
		this.cache.put("en", "a");
		this.cache.evict("en");
		this.cache.evictIfPresent("fr");
		this.cache.clear();
		this.cache.invalidate();
		this.guarded.clearLocally();
		this.guarded.evictLocally(List.of("en"));
		assertThat(this.reported).containsExactly(CacheInvalidation.evict("words", List.of("en")),
				CacheInvalidation.evict("words", List.of("fr")), CacheInvalidation.clear("words"),
				CacheInvalidation.clear("words"));
	}

}
