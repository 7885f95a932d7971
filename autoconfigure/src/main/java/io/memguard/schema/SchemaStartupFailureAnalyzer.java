package io.memguard.schema;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SchemaStartupException}: what is wrong and how to fix it.
 */
class SchemaStartupFailureAnalyzer extends AbstractFailureAnalyzer<SchemaStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SchemaStartupException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
