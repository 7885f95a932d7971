package io.memguard.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.web.admission.RequestPriority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class PathPatternsTests {

	private final PathPatterns<String> patterns = PathPatterns.of(patterns());

	private static Map<String, String> patterns() {
		Map<String, String> patterns = new LinkedHashMap<>();
		patterns.put("/api/**", "api");
		patterns.put("/api/admin/**", "admin");
		patterns.put("/health", "health");
		patterns.put("/files/*.txt", "text");
		return patterns;
	}

	@Test
	void matchesAPlainPathOnlyExactly() {
		assertThat(this.patterns.match("/health")).isEqualTo("health");
		assertThat(this.patterns.match("/health/")).isNull();
		assertThat(this.patterns.match("/healthz")).isNull();
	}

	@Test
	void matchesAPrefixPatternAtItsRootAndBelowButNotASiblingWithTheSamePrefix() {
		assertThat(this.patterns.match("/api")).isEqualTo("api");
		assertThat(this.patterns.match("/api/orders/7")).isEqualTo("api");
		assertThat(this.patterns.match("/apiary")).isNull();
	}

	@Test
	void mostSpecificPatternWinsWhateverTheOrderItWasGivenIn() {
		assertThat(this.patterns.match("/api/admin/users")).isEqualTo("admin");
		Map<String, String> reversed = new LinkedHashMap<>();
		reversed.put("/api/admin/**", "admin");
		reversed.put("/api/**", "api");
		assertThat(PathPatterns.of(reversed).match("/api/admin/users")).isEqualTo("admin");
	}

	@Test
	void matchesPatternsWithWildcardsInsideASegment() {
		assertThat(this.patterns.match("/files/notes.txt")).isEqualTo("text");
		assertThat(this.patterns.match("/files/notes.csv")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/%61dmin/users", "/api/admin;jsessionid=1/users", "/api/%41dmin/users;x=1" })
	void pathsSpelledWithEscapesOrPathParametersMatchAsSpringMvcDecodesThem(String path) {
		String expected = path.contains("%41") ? "api" : "admin";
		assertThat(this.patterns.match(path)).isEqualTo(expected);
	}

	@Test
	void anEncodedSlashDoesNotSplitASegment() {
		assertThat(this.patterns.match("/api%2Fadmin/users")).isNull();
	}

	@Test
	void matchesTheRequestPathWithinTheApplication() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/shop/api/admin/users");
		request.setContextPath("/shop");
		assertThat(this.patterns.match(request)).isEqualTo("admin");
	}

	@Test
	void noPatternsMatchNothing() {
		assertThat(PathPatterns.matchingAnyOf(List.of()).match("/anything")).isNull();
	}

	@Test
	void criticalWinsWhereBothPrioritiesNameTheSamePatternAndTheMoreSpecificPatternOtherwise() {
		PathPatterns<RequestPriority> priorities = PathPatterns.priorities(List.of("/jobs/**", "/reports/urgent/**"),
				List.of("/jobs/**", "/reports/**"));
		assertThat(priorities.match("/jobs/1")).isEqualTo(RequestPriority.CRITICAL);
		assertThat(priorities.match("/reports/monthly")).isEqualTo(RequestPriority.LOW);
		assertThat(priorities.match("/reports/urgent/1")).isEqualTo(RequestPriority.CRITICAL);
	}

	@Test
	void theActuatorIsExemptUnlessItSitsAtTheRoot() {
		assertThat(PathPatterns.belowActuatorBasePath(new MockEnvironment())).containsExactly("/actuator/**");
		assertThat(PathPatterns
			.belowActuatorBasePath(new MockEnvironment().withProperty("management.endpoints.web.base-path", "/manage")))
			.containsExactly("/manage/**");
		assertThat(PathPatterns
			.belowActuatorBasePath(new MockEnvironment().withProperty("management.endpoints.web.base-path", "/")))
			.isEmpty();
	}

}
