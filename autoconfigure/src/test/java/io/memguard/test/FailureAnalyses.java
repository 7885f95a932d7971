package io.memguard.test;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a startup failure prints: the first analysis of the failure analyzers registered
 * in {@code spring.factories}, Spring Boot's and Memguard's, in their order, as Spring
 * Boot reports it.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	/**
	 * Analyzes a failure.
	 * @param failure the startup failure
	 * @return the analysis
	 * @throws IllegalStateException if no analyzer explains the failure
	 */
	public static FailureAnalysis analyze(Throwable failure) {
		// analyzers that need a bean factory or an environment are left out
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, ex) -> {
			}));
		AnnotationAwareOrderComparator.sort(analyzers);
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter((analysis) -> analysis != null)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No failure analysis for " + failure, failure));
	}

	/**
	 * The text printed for a failure: its description and its action.
	 * @param failure the startup failure
	 * @return the text
	 */
	public static String text(Throwable failure) {
		FailureAnalysis analysis = analyze(failure);
		return analysis.getDescription() + System.lineSeparator() + analysis.getAction();
	}

	/**
	 * Asserts that startup failed with Spring Boot's report of an invalid property,
	 * naming the property, where it was set and why it is invalid.
	 * @param failure the startup failure
	 * @param setting the setting that was made, {@code name=value}
	 * @param property the property as the report names it (the bean property path)
	 * @param reason what the report says is wrong
	 */
	public static void assertReportsInvalidProperty(Throwable failure, String setting, String property, String reason) {
		assertThat(failure).as("startup failure").isNotNull();
		assertThat(text(failure)).contains("Property: " + property,
				"Origin: \"" + setting.substring(0, setting.indexOf('=')) + "\"", "Reason: " + reason);
	}

}
