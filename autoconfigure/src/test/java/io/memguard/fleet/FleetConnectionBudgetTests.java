package io.memguard.fleet;

import java.time.Duration;

import io.memguard.jdbc.LiveConnectionBudget;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.test.redis.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection budget against the instances really running: two instances on one real
 * PostgreSQL 18 (max_connections 300, 3 reserved) and one real Redis, each with a pool of
 * 150, planned as one instance. The startup check trusts the plan; the fleet shows the
 * truth.
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetConnectionBudgetTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	@Test
	void scaleOutThatOversubscribesTheDatabaseIsWarnedAboutAndScaleInClearsIt(CapturedOutput output) {
		try (ConfigurableApplicationContext first = start()) {
			LiveConnectionBudget budgetOfFirst = first.getBean(LiveConnectionBudget.class);
			await().atMost(WAIT).until(() -> budgetOfFirst.describe() != null);
			assertThat(budgetOfFirst.describe()).containsEntry("needed", 153).containsEntry("oversubscribed", false);
			try (ConfigurableApplicationContext second = start()) {
				await().atMost(WAIT).until(() -> Boolean.TRUE.equals(budgetOfFirst.describe().get("oversubscribed")));
				assertThat(budgetOfFirst.describe()).containsEntry("needed", 303);
				assertThat(output).contains("The connection pools of the 2 instances running now need 303 connections "
						+ "(pool sizes [150, 150] + 3 headroom) but the server gives 297");
				assertThat(second.getBean(FleetMemorySection.class).section()).asString()
					.contains("oversubscribed=true");
			}
			await().atMost(WAIT).until(() -> Boolean.FALSE.equals(budgetOfFirst.describe().get("oversubscribed")));
			assertThat(output).contains("The connection pools of the 1 instances running now fit");
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(BudgetTestApplication.class).web(WebApplicationType.NONE)
			.properties(postgres.get().springPropertyMap())
			.properties(redis.springProperties())
			.properties("spring.application.name=budget-test", "memguard.fleet.enabled=true",
					"memguard.fleet.instance-ttl=900ms", "memguard.datasource.expected-instances=1",
					"spring.datasource.hikari.maximum-pool-size=150", "spring.datasource.hikari.minimum-idle=1",
					"management.endpoints.web.exposure.include=memory")
			.run(EmbeddedRedis.AUTO_CONFIGURATION);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BudgetTestApplication {

	}

}
