package io.memguard.cache;

/**
 * Thrown at startup when the settings of a cache cannot be applied.
 */
public class CacheConfigurationException extends IllegalStateException {

	private final String cacheName;

	private final String problem;

	private final String settings;

	public CacheConfigurationException(String cacheName, String problem) {
		this(cacheName, problem, "memguard.cache.caches." + cacheName);
	}

	private CacheConfigurationException(String cacheName, String problem, String settings) {
		super("Cache '" + cacheName + "' " + problem);
		this.cacheName = cacheName;
		this.problem = problem;
		this.settings = settings;
	}

	/**
	 * The defaults ({@code memguard.cache.default}) are wrong.
	 * @param problem what is wrong
	 * @return the exception
	 */
	static CacheConfigurationException inDefaults(String problem) {
		return new CacheConfigurationException("default", problem, "memguard.cache.default");
	}

	/**
	 * The cache whose settings are wrong.
	 * @return the cache name
	 */
	public String getCacheName() {
		return this.cacheName;
	}

	/**
	 * What is wrong, for example {@code sets both maximum-size and maximum-weight}.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * The properties to fix, for example {@code memguard.cache.caches.words}.
	 * @return the property prefix
	 */
	public String getSettings() {
		return this.settings;
	}

}
