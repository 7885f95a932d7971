package io.memguard.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EntityCacheBindings}.
 */
class EntityCacheBindingsTests {

	private final EntityCacheBindings bindings = new EntityCacheBindings(
			List.of(spec("all-animals", Animal.class, null), spec("dog-names", Dog.class, "name")),
			getClass().getClassLoader());

	@Test
	void subtypeChangesInvalidateCachesOfTheSupertype() {
		assertThat(this.bindings.cacheNames(Dog.class)).containsExactly("all-animals", "dog-names");
		assertThat(this.bindings.cacheNames(Animal.class)).containsExactly("all-animals");
		assertThat(this.bindings.isBound(String.class)).isFalse();
	}

	@Test
	void keyExpressionEvictsTheKeysOfOldAndNewState() {
		List<CacheInvalidation> invalidations = this.bindings.invalidationsFor(Dog.class,
				List.of(Map.of("name", "Rex"), Map.of("name", "Max")));
		assertThat(invalidations).containsExactly(CacheInvalidation.clear("all-animals"),
				CacheInvalidation.evict("dog-names", List.of("Rex", "Max")));
	}

	@Test
	void unknownStateClearsAKeyedCache() {
		List<CacheInvalidation> invalidations = this.bindings.invalidationsFor(Dog.class,
				Arrays.asList(null, Map.of("name", "Max")));
		assertThat(invalidations).containsExactly(CacheInvalidation.clear("all-animals"),
				CacheInvalidation.clear("dog-names"));
	}

	@Test
	void bulkChangeClearsEveryBoundCache() {
		assertThat(this.bindings.invalidationsFor(Dog.class)).containsExactly(CacheInvalidation.clear("all-animals"),
				CacheInvalidation.clear("dog-names"));
	}

	@Test
	void unknownEntityTypeFailsWithTheCacheName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EntityCacheBindings(List
				.of(new CacheSpec("words", 10L, null, null, null, null, List.of("com.example.Missing"), null, false)),
					getClass().getClassLoader()))
			.withMessageContaining("'words'")
			.withMessageContaining("com.example.Missing");
	}

	private static CacheSpec spec(String name, Class<?> type, String key) {
		return new CacheSpec(name, 10L, null, Duration.ofMinutes(1), null, null, List.of(type.getName()), key, false);
	}

	static class Animal {

	}

	static class Dog extends Animal {

	}

}
