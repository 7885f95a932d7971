package io.memguard.memory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidMemoryThresholdsException} at startup.
 */
class InvalidMemoryThresholdsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMemoryThresholdsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMemoryThresholdsException cause) {
		StringBuilder description = new StringBuilder("Memguard's memory-pressure thresholds are invalid:");
		cause.getProblems()
			.forEach((problem) -> description.append(System.lineSeparator()).append("  - ").append(problem));
		String action = "Consider setting memguard.memory.warning-threshold and memguard.memory.critical-threshold "
				+ "to ratios above 0 and at most 1 with warning <= critical (defaults 0.75 and 0.90), and "
				+ "memguard.memory.recovery-margin below the warning threshold (default 0.05).";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
