package io.memguard.benchmarks.overload;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The harness's command line.
 */
class HarnessOptionsTests {

	@Test
	void defaultsRunEverythingWithTheUniformFloodUnderEveryCollector() {
		HarnessOptions options = HarnessOptions.parse();
		assertThat(options.scenarios()).containsExactly("uniform", "mixed", "priorities", "unpaginated", "uploads",
				"pool", "steady");
		assertThat(options.configurations()).containsExactly(Configuration.values());
		assertThat(options.collectorsFor("uniform")).containsExactly(Collector.values());
		assertThat(options.collectorsFor("mixed")).containsExactly(Collector.G1);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(25));
		assertThat(options.retryPause()).isZero();
		assertThat(options.threadValues()).containsExactly(2, 3, 4, 6, 8, 12, 16, 24);
	}

	@Test
	void extraAppArgumentsGoToTheirConfigurationAfterThoseForAll() {
		HarnessOptions options = HarnessOptions.parse("--arg:memguard=--memguard.web.admission.max-wait=200ms",
				"--arg:all=--sample.seed.bookings=10", "--scenario", "uniform", "--gc=z,serial", "--duration=1.5s",
				"--retry-pause=100ms");
		assertThat(options.appArgumentsFor(Configuration.MEMGUARD)).containsExactly("--sample.seed.bookings=10",
				"--memguard.web.admission.max-wait=200ms");
		assertThat(options.appArgumentsFor(Configuration.UNPROTECTED)).containsExactly("--sample.seed.bookings=10");
		assertThat(options.collectorsFor("uniform")).containsExactly(Collector.Z, Collector.SERIAL);
		assertThat(options.duration()).isEqualTo(Duration.ofMillis(1500));
		assertThat(options.retryPause()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void unknownNamesAreRefusedWithTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--scenario=flood"))
			.withMessageContaining("uniform");
		assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--arg:tomcat=--x=1"))
			.withMessageContaining("tuned-threads");
		assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--speed=2"))
			.withMessageContaining("--speed");
	}

	@Test
	void theUnprotectedConfigurationsExcludeMemguardsWebProtection() {
		assertThat(Configuration.UNPROTECTED.appArguments(0))
			.containsExactly("--spring.autoconfigure.exclude=" + Configuration.WEB_PROTECTION_AUTO_CONFIGURATIONS);
		assertThat(Configuration.TUNED_THREADS.appArguments(4)).contains("--server.tomcat.threads.max=4",
				"--server.tomcat.threads.min-spare=4");
		assertThat(Configuration.GRADIENT2.appArguments(0)).contains("--benchmarks.gradient2.enabled=true");
		assertThat(Configuration.MEMGUARD.appArguments(0)).isEqualTo(List.of());
	}

}
