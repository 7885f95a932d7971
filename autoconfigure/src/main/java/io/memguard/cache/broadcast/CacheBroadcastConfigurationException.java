package io.memguard.cache.broadcast;

/**
 * Thrown at startup when cache invalidations cannot be broadcast as configured.
 */
public class CacheBroadcastConfigurationException extends RuntimeException {

	private final String problem;

	public CacheBroadcastConfigurationException(String problem) {
		super("Cannot broadcast cache invalidations over PostgreSQL: " + problem);
		this.problem = problem;
	}

	public String getProblem() {
		return this.problem;
	}

}
