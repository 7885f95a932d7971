package io.memguard.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.memguard.cleanup.CleanupContext;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.memguard.test.FailureAnalyses;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemguardCacheAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemguardCacheAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class, MemguardCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class);

	@Test
	void customizesBootsCaffeineCacheManagerWithPerCacheSettings() {
		this.contextRunner.withPropertyValues("memguard.cache.caches.small.maximum-size=3").run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class).hasSingleBean(SoftLockingCaches.class);
			Cache small = context.getBean(CacheManager.class).getCache("small");
			for (int i = 0; i < 50; i++) {
				small.put(i, "value " + i);
			}
			SoftLockingCache guarded = context.getBean(SoftLockingCaches.class).get("small");
			guarded.cleanUp();
			assertThat(guarded.estimatedSize()).isEqualTo(3);
			assertThat(((CaffeineCache) small).getNativeCache()).isSameAs(guarded);
		});
	}

	@Test
	void springCacheNamesKeepWorkingAndGetTheirSettings() {
		this.contextRunner
			.withPropertyValues("spring.cache.cache-names=listed,other", "memguard.cache.caches.listed.maximum-size=3")
			.run((context) -> {
				CacheManager manager = context.getBean(CacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("listed", "other");
				assertThat(manager.getCache("unlisted")).isNull();
				SoftLockingCaches caches = context.getBean(SoftLockingCaches.class);
				assertThat(caches.get("listed").policy().eviction().orElseThrow().getMaximum()).isEqualTo(3);
				assertThat(caches.get("other").policy().eviction().orElseThrow().getMaximum())
					.isEqualTo(CacheSpec.DEFAULT_MAXIMUM_SIZE);
			});
	}

	@Test
	void cacheCreatedAtRunTimeIsBoundedByTheDefaultsAndSoftLockingFromItsCreation() {
		this.contextRunner.withPropertyValues("memguard.cache.default.maximum-size=5").run((context) -> {
			Cache created = context.getBean(CacheManager.class).getCache("created-later");
			SoftLockingCache softLocking = context.getBean(SoftLockingCaches.class).get("created-later");
			assertThat(((CaffeineCache) created).getNativeCache()).isSameAs(softLocking);
			assertThat(softLocking.policy().eviction().orElseThrow().getMaximum()).isEqualTo(5);
		});
	}

	@Test
	void expiryFollowsTheTickerBean() {
		this.contextRunner.withUserConfiguration(FakeTickerConfiguration.class)
			.withPropertyValues("memguard.cache.caches.short-lived.expire-after-write=1m")
			.run((context) -> {
				Cache cache = context.getBean(CacheManager.class).getCache("short-lived");
				cache.put("k", "v");
				FakeTicker ticker = context.getBean(FakeTicker.class);
				ticker.advance(Duration.ofSeconds(59));
				assertThat(cache.get("k")).isNotNull();
				ticker.advance(Duration.ofSeconds(2));
				assertThat(cache.get("k")).isNull();
			});
	}

	@Test
	void cachesBoundedByWeightUseTheWeigherBean() {
		this.contextRunner.withBean(CacheWeigher.class, () -> (name, key, value) -> 100)
			.withPropertyValues("memguard.cache.caches.heavy.maximum-weight=1KB")
			.run((context) -> {
				Cache heavy = context.getBean(CacheManager.class).getCache("heavy");
				for (int i = 0; i < 50; i++) {
					heavy.put(i, i);
				}
				SoftLockingCache guarded = context.getBean(SoftLockingCaches.class).get("heavy");
				guarded.cleanUp();
				assertThat(guarded.estimatedSize()).isEqualTo(10);
			});
	}

	@Test
	void cacheMetricsAreBoundForCachesCreatedAtRunTime() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("memguard.cache.caches.configured.maximum-size=10")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				CacheManager manager = context.getBean(CacheManager.class);
				manager.getCache("configured").get("k");
				assertThat(registry.get("cache.gets")
					.tags("cache", "configured", "result", "miss")
					.functionCounter()
					.count()).isOne();
				manager.getCache("runtime").get("k");
				assertThat(
						registry.get("cache.gets").tags("cache", "runtime", "result", "miss").functionCounter().count())
					.isOne();
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					pressure-shrink-ratio=5                     | pressureShrinkRatio            | must be above 0 and at most 1
					pressure-shrink-ratio=-1                    | pressureShrinkRatio            | must be above 0 and at most 1
					caches.small.maximum-size=-1                | caches.small.maximumSize       | must be at least 0
					caches.small.maximum-weight=-1MB            | caches.small.maximumWeight     | must be zero or positive
					caches.small.expire-after-write=-1m         | caches.small.expireAfterWrite  | must be zero or positive
					caches.small.expire-after-access=-1m        | caches.small.expireAfterAccess | must be zero or positive
					caches.small.refresh-after-write=0s         | caches.small.refreshAfterWrite | must be positive
					default.maximum-size=-5                     | default.maximumSize            | must be at least 0
					default.expire-after-write=-10m             | default.expireAfterWrite       | must be zero or positive
					default.invalidate-on=java.lang.String      | default.invalidateOn           | must be set on a named cache
					default.key=id                              | default.key                    | must be set on a named cache
					caches.small.invalidate-on=com.example.Gone | caches.small.invalidateOn      | must be names of entity types on the class path
					caches.small.key=id +                       | caches.small.key               | must be a SpEL expression
					""")
	void invalidSettingFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues("memguard.cache." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.cache." + setting, "memguard.cache." + property, reason));
	}

	@Test
	void bothBoundsOnOneCacheFailStartupNamingTheCache() {
		this.contextRunner
			.withPropertyValues("memguard.cache.caches.both.maximum-size=10",
					"memguard.cache.caches.both.maximum-weight=1MB")
			.run((context) -> assertThat(FailureAnalyses.text(context.getStartupFailure())).contains(
					"Property: memguard.cache.caches.both.maximumWeight",
					"Reason: must be unset when maximum-size is set"));
	}

	@Test
	void warnsAboutSettingsForACacheThatNoCachingAnnotationNames(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(WordService.class)
			.withPropertyValues("memguard.cache.caches.words.maximum-size=3",
					"memguard.cache.caches.wrods.maximum-size=3", "memguard.cache.caches.declared.maximum-size=3",
					"spring.cache.cache-names=declared")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("memguard.cache.caches.wrods configures a cache that no @Cacheable")
					.doesNotContain("memguard.cache.caches.words configures")
					.doesNotContain("memguard.cache.caches.declared configures");
			});
	}

	@Test
	void backsOffWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SoftLockingCaches.class));
	}

	@Test
	void backsOffWhenCachesAreDisabled() {
		this.contextRunner.withPropertyValues("memguard.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SoftLockingCaches.class)
				.doesNotHaveBean(CacheInvalidator.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheCacheManager() {
		this.contextRunner.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context).doesNotHaveBean(SoftLockingCaches.class));
	}

	@Test
	void backsOffWithoutCaffeine() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SoftLockingCaches.class));
	}

	@Test
	void cleanupTrimsTheColdestEntriesAndClearsWhenThorough() {
		this.contextRunner.withPropertyValues("memguard.cache.caches.small.maximum-size=100").run((context) -> {
			Cache small = context.getBean(CacheManager.class).getCache("small");
			for (int i = 0; i < 40; i++) {
				small.put(i, "value " + i);
			}
			CacheCleanupStep step = context.getBean(CacheCleanupStep.class);
			MemorySnapshot normal = new MemorySnapshot(MemoryPressureLevel.NORMAL, 10, 100, -1, -1, 0);
			assertThat(step.clean(new CleanupContext(normal, false)))
				.isEqualTo(Map.of("mode", "trimmed", "caches", 1, "entriesBefore", 40L, "entriesAfter", 20L));
			assertThat(step.clean(new CleanupContext(normal, true)))
				.isEqualTo(Map.of("mode", "cleared", "caches", 1, "entriesBefore", 20L, "entriesAfter", 0L));
		});
	}

	@Test
	void pressureListenerCanBeSwitchedOff() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(CachePressureListener.class));
		this.contextRunner.withPropertyValues("memguard.cache.shrink-on-pressure=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CachePressureListener.class));
	}

	@Test
	void userInvalidatorReplacesOurs() {
		this.contextRunner.withBean("myInvalidator", CacheInvalidator.class, () -> new CacheInvalidator(null, null))
			.run((context) -> assertThat(context).getBean(CacheInvalidator.class)
				.isSameAs(context.getBean("myInvalidator")));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	static class WordService {

		@Cacheable("words")
		public String word(String key) {
			return key;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FakeTickerConfiguration {

		@Bean
		FakeTicker fakeTicker() {
			return new FakeTicker();
		}

	}

	static class FakeTicker implements Ticker {

		private final AtomicLong nanos = new AtomicLong();

		@Override
		public long read() {
			return this.nanos.get();
		}

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

	}

}
