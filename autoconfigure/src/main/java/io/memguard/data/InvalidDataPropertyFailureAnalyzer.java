package io.memguard.data;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidDataPropertyException} at startup.
 */
class InvalidDataPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDataPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDataPropertyException cause) {
		return new FailureAnalysis("Invalid value for '" + cause.getProperty() + "': " + cause.getMessage(),
				"Consider fixing '" + cause.getProperty() + "' in your configuration.", cause);
	}

}
