package io.memguard.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import io.memguard.test.FailureAnalyses;
import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.test.postgres.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaAutoConfigurationTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SchemaAutoConfiguration.class, DataSourceAutoConfiguration.class,
				FlywayAutoConfiguration.class))
		.withPropertyValues(postgres.get().springProperties())
		.withPropertyValues("spring.flyway.locations=classpath:db/schema/base");

	@Test
	void lintPropertiesNamingAnUnknownRuleOrABadVersionFailStartupWithTheProperty() {
		this.contextRunner
			.withPropertyValues("memguard.schema.lint.excluded-rules=drop-colum", "memguard.schema.lint.start-after=v2")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("excludedRules")
					.hasMessageContaining("names no rule: [drop-colum]")
					.hasMessageContaining("startAfter");
			});
		this.contextRunner.withPropertyValues("memguard.schema.lint.excluded-rules=drop-column,set-not-null")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(SchemaLintProperties.class)
				.extracting(SchemaLintProperties::excludedRuleSet)
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION)
				.hasSize(2));
	}

	@Test
	void givesFlywayUnpooledConnectionsWithTheMigrationSessionTimeouts() {
		this.contextRunner
			.withPropertyValues("memguard.schema.migration-lock-timeout=3s",
					"memguard.schema.migration-statement-timeout=5m")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SchemaMigrationStrategy.class);
				DataSource flywayDataSource = context.getBean(Flyway.class).getConfiguration().getDataSource();
				assertThat(flywayDataSource).isInstanceOf(MigrationSessionDataSource.class)
					.isNotSameAs(context.getBean(DataSource.class));
				try (Connection connection = flywayDataSource.getConnection()) {
					assertThat(show(connection, "lock_timeout")).isEqualTo("3s");
					assertThat(show(connection, "statement_timeout")).isEqualTo("5min");
				}
				try (Connection pooled = context.getBean(DataSource.class).getConnection()) {
					assertThat(show(pooled, "lock_timeout")).isNotEqualTo("3s");
				}
			});
	}

	@Test
	void migrationConnectionsKeepThePoolsDataSourceProperties() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		new JdbcTemplate(database.unpooledDataSource()).execute("CREATE SCHEMA tenant");
		this.contextRunner.withPropertyValues(database.springProperties())
			.withPropertyValues("spring.datasource.hikari.data-source-properties.currentSchema=tenant")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (Connection connection = context.getBean(Flyway.class)
					.getConfiguration()
					.getDataSource()
					.getConnection()) {
					assertThat(show(connection, "search_path")).isEqualTo("tenant");
				}
			});
	}

	@Test
	void keepsASeparateMigrationUserWorking() {
		this.contextRunner.withPropertyValues("spring.flyway.user=postgres", "spring.flyway.password=postgres")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (Connection connection = context.getBean(Flyway.class)
					.getConfiguration()
					.getDataSource()
					.getConnection()) {
					assertThat(show(connection, "lock_timeout")).isEqualTo("10s");
				}
			});
	}

	@Test
	void keepsThePoolForAnInMemoryDatabaseThatLivesOnlyWhileAConnectionIsOpen() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:schema_in_memory", "spring.datasource.username=sa",
					"spring.datasource.password=")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
					.isSameAs(context.getBean(DataSource.class));
				assertThat(context.getBean(Flyway.class).info().applied()).hasSize(2);
			});
	}

	@Test
	void disablesCleanInProductionEvenWhenEnabled() {
		this.contextRunner.withPropertyValues("spring.flyway.clean-disabled=false", "memguard.schema.production=true")
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().isCleanDisabled()).isTrue());
	}

	@Test
	void leavesCleanAloneOutsideProduction() {
		this.contextRunner.withPropertyValues("spring.flyway.clean-disabled=false")
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().isCleanDisabled()).isFalse());
	}

	@Test
	void backsOffWhenTheUserDefinesAMigrationStrategy() {
		this.contextRunner.withUserConfiguration(UserStrategyConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(SchemaMigrationStrategy.class)
				.hasSingleBean(FlywayMigrationStrategy.class));
	}

	@Test
	void doesNothingWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SchemaMigrationStrategy.class)
				.doesNotHaveBean(MigrationSessionCustomizer.class));
	}

	@Test
	void failsWithTheMissingModuleNamedWhenFlywayCoreIsPresentWithoutSpringBootFlyway() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SchemaAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(FlywayAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SchemaStartupFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("migrations would silently never run");
				assertThat(analysis.getAction()).contains("org.springframework.boot:spring-boot-flyway");
			});
	}

	@Test
	void doesNotComplainWithoutFlywayAtAll() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SchemaAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(Flyway.class, FlywayAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FlywayModuleCheck.class)
				.doesNotHaveBean(SchemaProperties.class));
	}

	@Test
	void validatesOnlyAndNamesThePendingMigrationsWhenMigrateOnStartupIsOff() {
		this.contextRunner.withPropertyValues(EmbeddedPostgresServer.createDatabase().springProperties())
			.withPropertyValues("memguard.schema.migrate-on-startup=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SchemaStartupFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("migrations 1 (create account), 2 (add account email)");
				assertThat(analysis.getAction()).contains("memguard.schema.migrate-only=true");
			});
	}

	@Test
	void startsWithoutMigratingWhenMigrateOnStartupIsOffAndTheSchemaIsCurrent() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		this.contextRunner.withPropertyValues(database.springProperties())
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues(database.springProperties())
			.withPropertyValues("memguard.schema.migrate-on-startup=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			lock-retries=-1                 | lockRetries                | must be at least 0
			connect-timeout=-5s             | connectTimeout             | must be zero or positive
			migration-lock-timeout=-1s      | migrationLockTimeout       | must be zero or positive
			migration-statement-timeout=-1s | migrationStatementTimeout  | must be zero or positive
			lock-retry-backoff=-1s          | lockRetryBackoff           | must be zero or positive
			connect-retry-interval=0        | connectRetryInterval       | must be at least 1ms
			""")
	void invalidValueFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues("memguard.schema." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.schema." + setting, "memguard.schema." + property, reason));
	}

	@Test
	void analyzerIgnoresUnrelatedFailures() {
		assertThat(new SchemaStartupFailureAnalyzer().analyze(new IllegalStateException("unrelated"))).isNull();
	}

	private static String show(Connection connection, String setting) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStrategyConfiguration {

		@Bean
		FlywayMigrationStrategy userStrategy() {
			return Flyway::migrate;
		}

	}

}
