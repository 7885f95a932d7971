package io.memguard.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample's default cursor secret is public: a WARN while it is in use, a refusal to
 * start in production.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublishedCursorSecretTests {

	@Test
	void warnsWhileThePublishedSecretIsInUse(CapturedOutput output) {
		try (ConfigurableApplicationContext context = sample("secret-dev").run()) {
			assertThat(output).contains("memguard.data.cursor-secret is the sample's published default");
		}
	}

	@Test
	void refusesToStartInProductionWithThePublishedSecret() {
		assertThatException().isThrownBy(() -> sample("secret-prod").profiles("prod").run())
			.havingRootCause()
			.withMessageContaining("memguard.data.cursor-secret is the sample's published default");
	}

	@Test
	void startsInProductionWithASecretOfItsOwn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = sample("secret-own").profiles("prod")
			.run("--memguard.data.cursor-secret=a-secret-of-our-own-0123456789abcdef")) {
			assertThat(context.isActive()).isTrue();
			assertThat(output).doesNotContain("published default");
		}
	}

	private static SpringApplicationBuilder sample(String database) {
		return new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.NONE)
			.properties("sample.seed.bookings=0", "spring.datasource.url=jdbc:h2:mem:" + database);
	}

}
