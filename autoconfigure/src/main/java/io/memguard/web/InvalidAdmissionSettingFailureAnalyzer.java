package io.memguard.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidAdmissionSettingException}.
 */
class InvalidAdmissionSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAdmissionSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAdmissionSettingException cause) {
		String description = "Memguard's allocation-aware admission cannot start: '" + cause.getProperty() + "' is "
				+ cause.getValue() + " but must be " + cause.getRequirement() + ".";
		String action = "Consider setting '" + cause.getProperty() + "' to " + cause.getRequirement()
				+ ", or removing it to use the default, or setting 'memguard.web.admission.enabled' to false.";
		return new FailureAnalysis(description, action, cause);
	}

}
