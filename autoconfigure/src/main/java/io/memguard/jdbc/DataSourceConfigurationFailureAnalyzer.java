package io.memguard.jdbc;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DataSourceConfigurationException}.
 */
class DataSourceConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<DataSourceConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DataSourceConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
