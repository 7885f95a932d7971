package io.memguard.cache;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup failure caused by the settings of a cache.
 */
class CacheConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CacheConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CacheConfigurationException cause) {
		return new FailureAnalysis(
				"The settings of cache '" + cause.getCacheName() + "' are invalid: it " + cause.getProblem() + ".",
				"Consider fixing " + cause.getSettings()
						+ ": set either maximum-size or maximum-weight, name existing entity classes in invalidate-on "
						+ "(and key) of a named cache under memguard.cache.caches, and define a CacheLoader bean for "
						+ "refresh-after-write.",
				cause);
	}

}
