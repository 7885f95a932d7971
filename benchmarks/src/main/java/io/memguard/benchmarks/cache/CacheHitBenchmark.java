package io.memguard.benchmarks.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memguard.cache.MemguardCacheAutoConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cache hit path: raw Caffeine, Spring's Caffeine cache as Spring Boot configures it,
 * the same through Memguard's soft-locking caches (Boot's manager as Memguard's
 * auto-configuration builds it), and a {@code @Cacheable} call through a proxy with each
 * manager.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheHitBenchmark {

	private static final String KEY = "en";

	private Cache<Object, Object> caffeine;

	private org.springframework.cache.Cache bootCache;

	private org.springframework.cache.Cache memguardCache;

	private CaffeineCacheManager bootManager;

	private CaffeineCacheManager memguardManager;

	private AnnotationConfigApplicationContext bootContext;

	private ConfigurableApplicationContext memguardContext;

	private Words bootWords;

	private Words memguardWords;

	@Setup(Level.Trial)
	public void setUp() {
		// The same settings everywhere: Memguard's defaults (10 000 entries, 10 minutes).
		this.caffeine = sameSettings().build();
		this.caffeine.put(KEY, "darn");
		this.bootManager = new CaffeineCacheManager();
		this.bootManager.setCaffeine(sameSettings());
		this.memguardContext = new SpringApplicationBuilder(MemguardCachingConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "memguard.cache.caches.words.maximum-size=10000")
			.run();
		this.memguardManager = this.memguardContext.getBean(CaffeineCacheManager.class);
		this.bootCache = this.bootManager.getCache("words");
		this.bootCache.put(KEY, "darn");
		this.memguardCache = this.memguardManager.getCache("words");
		this.memguardCache.put(KEY, "darn");
		this.bootContext = context(this.bootManager);
		this.bootWords = this.bootContext.getBean(Words.class);
		this.memguardWords = this.memguardContext.getBean(Words.class);
		this.bootWords.words(KEY);
		this.memguardWords.words(KEY);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.bootContext.close();
		this.memguardContext.close();
	}

	private static Caffeine<Object, Object> sameSettings() {
		return Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).recordStats();
	}

	private static AnnotationConfigApplicationContext context(CacheManager manager) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(CacheManager.class, () -> manager);
		context.register(CachingConfiguration.class);
		context.refresh();
		return context;
	}

	@Benchmark
	public Object rawCaffeine() {
		return this.caffeine.getIfPresent(KEY);
	}

	@Benchmark
	public Object bootCacheGet() {
		return this.bootCache.get(KEY);
	}

	@Benchmark
	public Object memguardCacheGet() {
		return this.memguardCache.get(KEY);
	}

	@Benchmark
	public Object bootManagerLookupAndGet() {
		return this.bootManager.getCache("words").get(KEY);
	}

	@Benchmark
	public Object memguardManagerLookupAndGet() {
		return this.memguardManager.getCache("words").get(KEY);
	}

	@Benchmark
	public Object bootCacheable() {
		return this.bootWords.words(KEY);
	}

	@Benchmark
	public Object memguardCacheable() {
		return this.memguardWords.words(KEY);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		Words words() {
			return new Words();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CacheAutoConfiguration.class, MemguardCacheAutoConfiguration.class })
	static class MemguardCachingConfiguration extends CachingConfiguration {

	}

	public static class Words {

		@Cacheable("words")
		public String words(String language) {
			return "darn";
		}

	}

}
