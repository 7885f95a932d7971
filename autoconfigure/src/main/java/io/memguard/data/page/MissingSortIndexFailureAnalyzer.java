package io.memguard.data.page;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingSortIndexException} with the statements that fix it.
 */
class MissingSortIndexFailureAnalyzer extends AbstractFailureAnalyzer<MissingSortIndexException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSortIndexException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Consider adding a Flyway migration per index (CREATE INDEX CONCURRENTLY must run alone, outside a"
						+ " transaction):\n\t"
						+ cause.getMissingIndexes()
							.stream()
							.map(MissingIndex::statement)
							.collect(Collectors.joining("\n\t"))
						+ "\nor setting memguard.data.index-check=warn.",
				cause);
	}

}
