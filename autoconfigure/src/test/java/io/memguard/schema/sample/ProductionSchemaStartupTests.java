package io.memguard.schema.sample;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.memguard.schema.SchemaStartupException;
import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts a JPA + Flyway application on real PostgreSQL with and without a production
 * profile.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionSchemaStartupTests {

	@Test
	void ddlAutoUpdateInAProdProfileFailsStartupWithTheAnalyzersMessage(CapturedOutput output) {
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(
				() -> start(EmbeddedPostgresServer.createDatabase(), "prod", "spring.jpa.hibernate.ddl-auto=update")
					.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'spring.jpa.hibernate.ddl-auto' is set to 'update'")
			.contains("Consider managing the schema with migrations");
	}

	@Test
	void productionDefaultsDdlAutoToValidateOnTheMigratedSchema() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		try (ConfigurableApplicationContext context = start(database, "prod")) {
			assertThat(context.getBean(EntityManagerFactory.class).getProperties())
				.containsEntry("hibernate.hbm2ddl.auto", "validate");
			assertThat(new JdbcTemplate(database.unpooledDataSource())
				.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
				.isEqualTo(2);
		}
	}

	@Test
	void ddlAutoUpdateOutsideProductionStillWorks() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		try (ConfigurableApplicationContext context = start(database, "dev", "spring.jpa.hibernate.ddl-auto=update",
				"spring.flyway.enabled=false")) {
			assertThat(new JdbcTemplate(database.unpooledDataSource())
				.queryForObject("SELECT to_regclass('account') IS NOT NULL", Boolean.class)).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(TestDatabase database, String profile, String... properties) {
		Map<String, Object> defaults = new HashMap<>(database.springPropertyMap());
		defaults.put("spring.flyway.locations", "classpath:db/schema/base");
		return new SpringApplicationBuilder(SchemaSampleApplication.class).web(WebApplicationType.NONE)
			.profiles(profile)
			.properties(defaults)
			.run(Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new));
	}

}
