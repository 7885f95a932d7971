package io.memguard.schema;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SchemaEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void refusesHibernateHbm2ddlCreateDropWhenProductionIsForced() {
		this.environment.withProperty("memguard.schema.production", "true")
			.withProperty("spring.jpa.properties.hibernate.hbm2ddl.auto", "create-drop");
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(this::postProcess)
			.withMessageContaining("'spring.jpa.properties.hibernate.hbm2ddl.auto' is set to 'create-drop'");
	}

	@Test
	void refusesJakartaSchemaGenerationInAProductionProfile() {
		this.environment.withProperty("spring.jpa.properties.jakarta.persistence.schema-generation.database.action",
				"drop-and-create");
		this.environment.setActiveProfiles("production");
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(this::postProcess)
			.withMessageContaining("jakarta.persistence.schema-generation.database.action")
			.withMessageContaining("'drop-and-create'");
	}

	@Test
	void refusesGenerateDdlThatDdlAutoNoneWouldLetThroughInProduction() {
		// Boot drops hibernate.hbm2ddl.auto for 'none'; generate-ddl then turns on
		// 'update'
		this.environment.withProperty("spring.jpa.hibernate.ddl-auto", "none")
			.withProperty("spring.jpa.generate-ddl", "true");
		this.environment.setActiveProfiles("prod");
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(this::postProcess)
			.withMessageContaining("'spring.jpa.generate-ddl' is set to 'true'")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("spring.jpa.generate-ddl"));
	}

	@Test
	void acceptsGenerateDdlOverriddenByTheValidateDefaultInProduction() {
		this.environment.withProperty("spring.jpa.generate-ddl", "true");
		this.environment.setActiveProfiles("prod");
		postProcess();
		assertThat(this.environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
	}

	@Test
	void acceptsValidateAndNoneInProduction() {
		this.environment.withProperty("spring.jpa.hibernate.ddl-auto", "VALIDATE")
			.withProperty("spring.jpa.properties.hibernate.hbm2ddl.auto", "none");
		this.environment.setActiveProfiles("prod");
		postProcess();
		assertThat(this.environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("VALIDATE");
	}

	@Test
	void productionCanBeSwitchedOffForAProfileNamedProd() {
		this.environment.withProperty("memguard.schema.production", "false")
			.withProperty("spring.jpa.hibernate.ddl-auto", "update");
		this.environment.setActiveProfiles("prod");
		postProcess();
		assertThat(this.environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("update");
	}

	@Test
	void productionProfilesAreConfigurable() {
		this.environment.withProperty("memguard.schema.production-profiles", "live")
			.withProperty("spring.jpa.hibernate.ddl-auto", "update");
		this.environment.setActiveProfiles("live");
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(this::postProcess);
	}

	@Test
	void defaultsDdlAutoToValidateOnlyInProduction() {
		this.environment.setActiveProfiles("prod");
		postProcess();
		assertThat(this.environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
		MockEnvironment development = new MockEnvironment();
		new SchemaEnvironmentPostProcessor().postProcessEnvironment(development, new SpringApplication());
		assertThat(development.getProperty("spring.jpa.hibernate.ddl-auto")).isNull();
	}

	@Test
	void defaultsFlywayToTheSessionAdvisoryLockUnlessSet() {
		postProcess();
		assertThat(this.environment.getProperty("spring.flyway.postgresql.transactional-lock")).isEqualTo("false");
		MockEnvironment userSet = new MockEnvironment().withProperty("spring.flyway.postgresql.transactional-lock",
				"true");
		new SchemaEnvironmentPostProcessor().postProcessEnvironment(userSet, new SpringApplication());
		assertThat(userSet.getProperty("spring.flyway.postgresql.transactional-lock")).isEqualTo("true");
	}

	@Test
	void migrateOnlyTurnsTheWebServerOff() {
		this.environment.withProperty("memguard.schema.migrate-only", "true")
			.withProperty("spring.main.web-application-type", "servlet");
		postProcess();
		assertThat(this.environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
	}

	@Test
	void doesNothingWhenMemguardIsDisabled() {
		this.environment.withProperty("memguard.enabled", "false")
			.withProperty("spring.jpa.hibernate.ddl-auto", "update");
		this.environment.setActiveProfiles("prod");
		postProcess();
		assertThat(this.environment.getProperty("spring.flyway.postgresql.transactional-lock")).isNull();
	}

	@Test
	void leavesTheSchemaDefaultsOfAnApplicationWithoutFlywayAlone() {
		this.environment.setActiveProfiles("prod");
		postProcessWithoutFlyway();
		assertThat(this.environment.getProperty("spring.jpa.hibernate.ddl-auto")).isNull();
		assertThat(this.environment.getProperty("spring.flyway.postgresql.transactional-lock")).isNull();
		assertThat(this.environment.getPropertySources().stream().map(PropertySource::getName))
			.noneMatch((name) -> name.startsWith("memguard"));
	}

	@Test
	void leavesTheSchemaDefaultsAloneWhenFlywayIsDisabled() {
		this.environment.withProperty("spring.flyway.enabled", "false");
		this.environment.setActiveProfiles("prod");
		postProcess();
		assertThat(this.environment.getProperty("spring.jpa.hibernate.ddl-auto")).isNull();
		assertThat(this.environment.getProperty("spring.flyway.postgresql.transactional-lock")).isNull();
	}

	@Test
	void refusesSchemaGenerationInProductionWithoutFlyway() {
		this.environment.withProperty("spring.jpa.hibernate.ddl-auto", "update");
		this.environment.setActiveProfiles("prod");
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(this::postProcessWithoutFlyway)
			.withMessageContaining("'spring.jpa.hibernate.ddl-auto' is set to 'update'");
	}

	@Test
	void refusesGenerateDdlWithNoSchemaActionInProductionWithoutFlyway() {
		// Without the validate default, Boot leaves hibernate.hbm2ddl.auto out and
		// generate-ddl turns on 'update'
		this.environment.withProperty("spring.jpa.generate-ddl", "true");
		this.environment.setActiveProfiles("prod");
		assertThatExceptionOfType(SchemaStartupException.class).isThrownBy(this::postProcessWithoutFlyway)
			.withMessageContaining("'spring.jpa.generate-ddl' is set to 'true'");
	}

	private void postProcess() {
		new SchemaEnvironmentPostProcessor().postProcessEnvironment(this.environment, new SpringApplication());
	}

	private void postProcessWithoutFlyway() {
		SpringApplication application = new SpringApplication(
				new DefaultResourceLoader(new FilteredClassLoader(Flyway.class)));
		new SchemaEnvironmentPostProcessor().postProcessEnvironment(this.environment, application);
	}

}
