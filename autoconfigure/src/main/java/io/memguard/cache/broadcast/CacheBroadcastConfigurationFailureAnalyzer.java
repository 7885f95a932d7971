package io.memguard.cache.broadcast;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup failure caused by the settings of the cache invalidation broadcast.
 */
class CacheBroadcastConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CacheBroadcastConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CacheBroadcastConfigurationException cause) {
		return new FailureAnalysis("memguard.cache.broadcast=postgres is set, but " + cause.getProblem() + ".",
				"Consider pointing memguard.cache.postgres.url (and username, password) at a direct PostgreSQL "
						+ "connection, fixing memguard.cache.postgres.channel (1 to 63 characters), "
						+ "or setting memguard.cache.broadcast=none.",
				cause);
	}

}
