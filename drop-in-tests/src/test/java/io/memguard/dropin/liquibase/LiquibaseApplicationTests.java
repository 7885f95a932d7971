package io.memguard.dropin.liquibase;

import java.util.Map;

import io.memguard.dropin.DropInApplications;
import io.memguard.dropin.StartupLog;
import io.memguard.dropin.Tables;
import io.memguard.memory.MemoryMonitor;
import io.memguard.schema.SchemaStartupException;
import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application whose schema Liquibase manages, started on PostgreSQL with the Memguard
 * starter, in development and in production: only Liquibase touches the schema, and
 * Memguard neither runs Flyway nor makes Hibernate validate what Liquibase made.
 */
@ExtendWith(OutputCaptureExtension.class)
class LiquibaseApplicationTests {

	private static final Map<String, Object> LIQUIBASE = Map.of("spring.liquibase.change-log",
			"classpath:liquibase/changelog.yaml");

	@Test
	void keepsTheSchemaLiquibaseMadeWithoutFlywayOrMemguardWarnings(CapturedOutput output) throws Exception {
		startAndCheck(output);
	}

	@Test
	void keepsWorkingUnchangedInAProductionProfile(CapturedOutput output) throws Exception {
		startAndCheck(output, "prod");
	}

	@Test
	void refusesSchemaGenerationInProductionAlongsideLiquibase() {
		Map<String, Object> update = Map.of("spring.liquibase.change-log", "classpath:liquibase/changelog.yaml",
				"spring.jpa.hibernate.ddl-auto", "update");
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		assertThatExceptionOfType(SchemaStartupException.class)
			.isThrownBy(() -> DropInApplications.start(LiquibaseApplication.class, database, update, "prod").close())
			.withMessageContaining("'spring.jpa.hibernate.ddl-auto' is set to 'update'");
		assertThat(Tables.in(database.unpooledDataSource())).isEmpty();
	}

	private static void startAndCheck(CapturedOutput output, String... profiles) throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		try (ConfigurableApplicationContext context = DropInApplications.start(LiquibaseApplication.class, database,
				LIQUIBASE, profiles)) {
			assertThat(context.getBeansOfType(MemoryMonitor.class)).hasSize(1);
			assertThat(context.getBean(EntityManagerFactory.class).getProperties())
				.doesNotContainKey("hibernate.hbm2ddl.auto");
			assertThat(Tables.in(database.unpooledDataSource())).containsExactly("public.databasechangelog",
					"public.databasechangeloglock", "public.pets");
			assertThat(DropInApplications.get(context, "/pets")).isEqualTo("[\"Leo\",\"Basil\"]");
		}
		assertThat(output).contains("INFO org.springframework.boot");
		assertThat(StartupLog.memguardWarningsAndFlywayLines(output)).isEmpty();
	}

}
