package io.memguard.cache;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheSpec}: how per-cache settings merge over the defaults.
 */
class CacheSpecTests {

	private final MemguardCacheProperties properties = new MemguardCacheProperties();

	@Test
	void cacheWithoutSettingsGetsTheDefaults() {
		CacheSpec spec = this.properties.specFor("anything");
		assertThat(spec.maximumSize()).isEqualTo(CacheSpec.DEFAULT_MAXIMUM_SIZE);
		assertThat(spec.expireAfterWrite()).isEqualTo(Duration.ofMinutes(10));
		assertThat(spec.isInvalidationBound()).isFalse();
	}

	@Test
	void ownSettingsOverrideDefaultsOneByOne() {
		MemguardCacheProperties.Spec own = new MemguardCacheProperties.Spec();
		own.setExpireAfterAccess(Duration.ofSeconds(30));
		own.setInvalidateOn(List.of("com.example.Word"));
		this.properties.getCaches().put("words", own);
		CacheSpec spec = this.properties.specFor("words");
		assertThat(spec.maximumSize()).isEqualTo(CacheSpec.DEFAULT_MAXIMUM_SIZE);
		assertThat(spec.expireAfterWrite()).isEqualTo(Duration.ofMinutes(10));
		assertThat(spec.expireAfterAccess()).isEqualTo(Duration.ofSeconds(30));
		assertThat(spec.invalidateOn()).containsExactly("com.example.Word");
	}

	@Test
	void ownWeightBoundReplacesTheDefaultSizeBound() {
		MemguardCacheProperties.Spec own = new MemguardCacheProperties.Spec();
		own.setMaximumWeight(DataSize.ofMegabytes(2));
		this.properties.getCaches().put("blobs", own);
		CacheSpec spec = this.properties.specFor("blobs");
		assertThat(spec.maximumSize()).isNull();
		assertThat(spec.maximumWeight()).isEqualTo(2 * 1024 * 1024);
	}

	@Test
	void cacheIsBoundedEvenWhenTheDefaultsLoseTheirBound() {
		this.properties.getDefault().setMaximumSize(null);
		assertThat(this.properties.specFor("anything").maximumSize()).isEqualTo(CacheSpec.DEFAULT_MAXIMUM_SIZE);
	}

	@Test
	void defaultWeigherGrowsWithTheValue() {
		ApproximateCacheWeigher weigher = new ApproximateCacheWeigher();
		int small = weigher.weigh("c", 1L, List.of("a"));
		int large = weigher.weigh("c", 1L, List.of("a".repeat(1000), "b".repeat(1000)));
		assertThat(large).isGreaterThan(small + 4000);
	}

}
