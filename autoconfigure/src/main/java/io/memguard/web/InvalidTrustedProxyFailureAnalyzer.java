package io.memguard.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidTrustedProxyException} at startup.
 */
class InvalidTrustedProxyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTrustedProxyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTrustedProxyException cause) {
		return new FailureAnalysis("Invalid value in 'memguard.web.trusted-proxies': " + cause.getMessage() + ".",
				"Consider listing IP addresses or CIDR ranges (such as 10.0.0.0/8); host names are not resolved.",
				cause);
	}

}
