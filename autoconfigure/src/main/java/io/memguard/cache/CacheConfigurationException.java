package io.memguard.cache;

/**
 * Thrown at startup when the settings of a cache cannot be applied.
 */
public class CacheConfigurationException extends IllegalStateException {

	private final String cacheName;

	private final String problem;

	public CacheConfigurationException(String cacheName, String problem) {
		super("Cache '" + cacheName + "' " + problem);
		this.cacheName = cacheName;
		this.problem = problem;
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

}
