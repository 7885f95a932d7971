package io.memguard.jdbc;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code spring.jpa.open-in-view} default, the Hibernate defaults and the connection
 * budget arithmetic.
 */
class DataSourceDefaultsTests {

	@Test
	void openInViewDefaultsToFalse() {
		assertThat(postProcess(Map.of()).getProperty("spring.jpa.open-in-view")).isEqualTo("false");
	}

	@Test
	void openInViewSetByTheUserWins() {
		assertThat(postProcess(Map.of("spring.jpa.open-in-view", "true")).getProperty("spring.jpa.open-in-view"))
			.isEqualTo("true");
	}

	@Test
	void openInViewIsLeftAloneWhenMemguardIsDisabled() {
		assertThat(postProcess(Map.of("memguard.enabled", "false")).getProperty("spring.jpa.open-in-view")).isNull();
	}

	@Test
	void hibernateDefaultsFillOnlyUnsetProperties() {
		Map<String, Object> properties = new HashMap<>(Map.of("hibernate.jdbc.batch_size", "7"));
		new HibernateDefaultsCustomizer(true).customize(properties);
		assertThat(properties).containsEntry("hibernate.jdbc.batch_size", "7")
			.containsEntry("hibernate.connection.provider_disables_autocommit", "true")
			.containsEntry("hibernate.order_inserts", "true")
			.containsEntry("hibernate.order_updates", "true")
			.containsEntry("hibernate.query.in_clause_parameter_padding", "true");
	}

	@Test
	void hibernateIsNotToldAutoCommitIsOffWhenThePoolLeavesItOn() {
		Map<String, Object> properties = new HashMap<>();
		new HibernateDefaultsCustomizer(false).customize(properties);
		assertThat(properties).doesNotContainKey("hibernate.connection.provider_disables_autocommit")
			.containsEntry("hibernate.jdbc.batch_size", "50");
	}

	@Test
	void budgetTakesTheSmallestOfServerRoleAndDatabaseLimits() {
		assertThat(new ConnectionBudget(100, 3, -1, -1).available()).isEqualTo(97);
		assertThat(new ConnectionBudget(100, 3, 40, -1).available()).isEqualTo(40);
		assertThat(new ConnectionBudget(100, 3, 40, 20).available()).isEqualTo(20);
		assertThat(new ConnectionBudget(100, 3, 40, 20).oversubscription(5, 3, 3)).isNull();
		assertThat(new ConnectionBudget(100, 3, 40, 20).oversubscription(9, 2, 3)).contains("need 21")
			.contains("database limit 20");
	}

	private static StandardEnvironment postProcess(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		new OpenInViewDefaultEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
