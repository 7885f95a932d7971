package io.memguard.web.limits;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload and compression defaults of
 * {@link WebServerDefaultsEnvironmentPostProcessor}.
 */
class WebServerDefaultsTests {

	@Test
	void uploadsFollowTheDefaultBodyLimitAndCompressionIsOn() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("15728640B");
		assertThat(environment.getProperty("spring.servlet.multipart.max-request-size")).isEqualTo("15728640B");
		assertThat(environment.getProperty("spring.servlet.multipart.file-size-threshold")).isEqualTo("16KB");
		assertThat(environment.getProperty("server.tomcat.max-part-count")).isEqualTo("10");
		assertThat(environment.getProperty("server.compression.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("server.compression.min-response-size")).isEqualTo("1KB");
		assertThat(environment.getProperty("server.compression.mime-types")).contains("application/json",
				"application/x-ndjson", "text/csv", "application/problem+json", "text/html");
	}

	@Test
	void uploadsFollowTheLargestOverrideAndNoLimitWhenAPathHasNone() {
		assertThat(postProcess(Map.of("memguard.web.max-body-size", "1MB", "memguard.web.body-size-overrides[/files]",
				"20MB", "memguard.web.body-size-overrides[/small]", "10KB"))
			.getProperty("spring.servlet.multipart.max-request-size")).isEqualTo("20971520B");
		assertThat(postProcess(Map.of("memguard.web.body-size-overrides[/import]", "-1"))
			.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("-1");
		assertThat(postProcess(Map.of("memguard.web.max-body-size", "-1"))
			.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("-1");
	}

	@Test
	void whatTheUserSetWins() {
		StandardEnvironment environment = postProcess(Map.of("spring.servlet.multipart.max-file-size", "10MB",
				"server.tomcat.max-part-count", "3", "server.compression.enabled", "false"));
		assertThat(environment.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("10MB");
		assertThat(environment.getProperty("spring.servlet.multipart.max-request-size")).isEqualTo("15728640B");
		assertThat(environment.getProperty("server.tomcat.max-part-count")).isEqualTo("3");
		assertThat(environment.getProperty("server.compression.enabled")).isEqualTo("false");
	}

	@Test
	void compressionHasItsOwnOffSwitch() {
		StandardEnvironment environment = postProcess(Map.of("memguard.web.compression.enabled", "false"));
		assertThat(environment.getProperty("server.compression.enabled")).isNull();
		assertThat(environment.getProperty("server.tomcat.max-part-count")).isEqualTo("10");
	}

	@Test
	void unparsableLimitsLeaveTheUploadSizesToTheirPropertiesClass() {
		StandardEnvironment environment = postProcess(Map.of("memguard.web.max-body-size", "lots"));
		assertThat(environment.getProperty("spring.servlet.multipart.max-file-size")).isNull();
		assertThat(environment.getProperty("server.tomcat.max-part-count")).isEqualTo("10");
	}

	@Test
	void nothingChangesWhenMemguardIsDisabled() {
		StandardEnvironment environment = postProcess(Map.of("memguard.enabled", "false"));
		assertThat(environment.getPropertySources()
			.contains(WebServerDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	private static StandardEnvironment postProcess(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new WebServerDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
