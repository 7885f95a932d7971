package io.memguard.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.memguard.test.FailureAnalyses;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.rejection.RequestRejections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Defaults, user overrides, session limits, the connection budget check and leak tracking
 * of {@link MemguardDataSourceAutoConfiguration} on a real PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemguardDataSourceAutoConfigurationTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, MemguardDataSourceAutoConfiguration.class))
		.withPropertyValues(postgres.get().springProperties())
		.withPropertyValues("management.endpoints.web.exposure.include=memory");

	@Test
	void poolGetsFixedSizeFailFastTimeoutsAndLeakDetectionByDefault() {
		this.runner.run((context) -> {
			assertThat(context).getBean(HikariDataSource.class).isInstanceOf(LeakTrackingDataSource.class);
			HikariDataSource pool = pool(context);
			int expectedSize = Runtime.getRuntime().availableProcessors() * 2 + 1;
			assertThat(pool.getMaximumPoolSize()).isEqualTo(expectedSize);
			assertThat(pool.getMinimumIdle()).isEqualTo(expectedSize);
			assertThat(pool.getConnectionTimeout()).isEqualTo(5000);
			assertThat(pool.getMaxLifetime()).isEqualTo(600_000);
			assertThat(pool.getKeepaliveTime()).isEqualTo(60_000);
			assertThat(pool.getLeakDetectionThreshold()).isEqualTo(60_000);
			assertThat(pool.isAutoCommit()).isFalse();
		});
	}

	@Test
	void userHikariPropertiesWinOverEveryDefault() {
		this.runner
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=4",
					"spring.datasource.hikari.connection-timeout=2000", "spring.datasource.hikari.max-lifetime=900000",
					"spring.datasource.hikari.keepalive-time=0", "spring.datasource.hikari.leak-detection-threshold=0",
					"spring.datasource.hikari.auto-commit=true")
			.run((context) -> {
				HikariDataSource pool = pool(context);
				assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
				assertThat(pool.getMinimumIdle()).isEqualTo(4);
				assertThat(pool.getConnectionTimeout()).isEqualTo(2000);
				assertThat(pool.getMaxLifetime()).isEqualTo(900_000);
				assertThat(pool.getKeepaliveTime()).isZero();
				assertThat(pool.getLeakDetectionThreshold()).isZero();
				assertThat(pool.isAutoCommit()).isTrue();
			});
	}

	@Test
	void poolThatReplacedTheBoundOneIsClosedWithTheContext() {
		AtomicReference<HikariDataSource> pool = new AtomicReference<>();
		this.runner.run((context) -> {
			pool.set(pool(context));
			context.getBean(DataSource.class).getConnection().close();
			assertThat(pool.get().isRunning()).isTrue();
		});
		assertThat(pool.get().isClosed()).isTrue();
	}

	@Test
	void defaultLeakDetectionThresholdStaysWithinAShortUserMaxLifetime() {
		this.runner.withPropertyValues("spring.datasource.hikari.max-lifetime=45000").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(pool(context).getLeakDetectionThreshold()).isEqualTo(45_000);
		});
	}

	@Test
	void jdbcWritesOutsideTransactionsAreKeptThoughThePoolDisablesAutoCommit() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			jdbc.execute("create table outside_transaction (id int)");
			jdbc.update("insert into outside_transaction values (1)");
			assertThat(new JdbcTemplate(postgres.get().unpooledDataSource())
				.queryForObject("select count(*) from outside_transaction", Integer.class)).isEqualTo(1);
		});
	}

	@Test
	void uncommittedWorkOfCodeThatManagesAutoCommitItselfIsStillRolledBack() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			new JdbcTemplate(dataSource).execute("create table managed_by_caller (id int)");
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				statement.execute("insert into managed_by_caller values (1)");
			}
			assertThat(new JdbcTemplate(postgres.get().unpooledDataSource())
				.queryForObject("select count(*) from managed_by_caller", Integer.class)).isZero();
		});
	}

	@Test
	void everyPooledConnectionCarriesTheSessionLimitsAndApplicationName() {
		this.runner.withPropertyValues("spring.application.name=orders").run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(show(connection, "statement_timeout")).isEqualTo("30s");
				assertThat(show(connection, "lock_timeout")).isEqualTo("10s");
				assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("1min");
				assertThat(show(connection, "application_name")).isEqualTo("orders");
				connection.rollback();
			}
		});
	}

	@Test
	void statementRunningPastTheTimeoutIsCancelledByTheServer() {
		this.runner.withPropertyValues("memguard.datasource.postgres.statement-timeout=1s").run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("select pg_sleep(5)"))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57014"));
				connection.rollback();
			}
		});
	}

	@Test
	void sessionLimitNotInEffectOnPooledConnectionsIsReportedAtStartup(CapturedOutput output) {
		// connection-init-sql runs after connect, like a pooler that drops startup
		// options
		this.runner.withPropertyValues("spring.datasource.hikari.connection-init-sql=set lock_timeout = 1234")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("PostgreSQL lock_timeout is 1234 ms on pooled connections, not the 10000 ms")
			.doesNotContain("PostgreSQL statement_timeout is");
	}

	@Test
	void settingTheUserPutInOptionsIsKeptAndNotReported(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.options=-c statement_timeout=5000")
			.run((context) -> {
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(show(connection, "statement_timeout")).isEqualTo("5s");
					assertThat(show(connection, "lock_timeout")).isEqualTo("10s");
				}
			});
		assertThat(output).doesNotContain("on pooled connections, not");
	}

	@Test
	void optionsInTheUrlKeepTheirSettingsAndGetTheSessionLimits(CapturedOutput output) {
		// pgjdbc takes URL parameters over data source properties
		String url = postgres.get().jdbcUrl();
		this.runner
			.withPropertyValues("spring.datasource.url=" + url + (url.contains("?") ? "&" : "?")
					+ "options=-c%20search_path%3Dpg_catalog%20-c%20lock_timeout%3D4000")
			.run((context) -> {
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(show(connection, "search_path")).isEqualTo("pg_catalog");
					assertThat(show(connection, "lock_timeout")).isEqualTo("4s");
					assertThat(show(connection, "statement_timeout")).isEqualTo("30s");
					assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("1min");
					connection.rollback();
				}
			});
		assertThat(output).doesNotContain("on pooled connections, not");
	}

	@Test
	void sessionLimitsCanBeTurnedOff() {
		this.runner.withPropertyValues("memguard.datasource.postgres.session-limits=false").run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(show(connection, "statement_timeout")).isEqualTo("0");
				connection.rollback();
			}
		});
	}

	@Test
	void poolsOfAllInstancesExceedingMaxConnectionsLogAWarningWithTheFix(CapturedOutput output) {
		this.runner.withPropertyValues("memguard.datasource.expected-instances=100")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Connection pools need")
			.contains("x 100 expected instances")
			.contains("max_connections")
			.contains("Consider spring.datasource.hikari.maximum-pool-size=");
	}

	@Test
	void oversubscriptionFailsStartupWhenAskedTo() {
		this.runner
			.withPropertyValues("memguard.datasource.expected-instances=100",
					"memguard.datasource.fail-on-oversubscription=true")
			.run((context) -> {
				FailureAnalysis analysis = new DataSourceConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Connection pools need").contains("the server gives");
				assertThat(analysis.getAction()).startsWith("Consider");
			});
	}

	@Test
	void budgetWithinMaxConnectionsStaysQuiet(CapturedOutput output) {
		this.runner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("Connection pools need");
	}

	@Test
	void leakDetectionThresholdHikariWouldIgnoreIsRejectedWithAClearMessage() {
		this.runner.withPropertyValues("spring.datasource.hikari.leak-detection-threshold=1000").run((context) -> {
			FailureAnalysis analysis = new DataSourceConfigurationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("leak-detection-threshold is 1000 ms")
				.contains("silently disables");
			assertThat(analysis.getAction()).startsWith("Consider");
		});
		this.runner
			.withPropertyValues("spring.datasource.hikari.leak-detection-threshold=120000",
					"spring.datasource.hikari.max-lifetime=60000")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void negativeLeakDetectionThresholdIsRejectedInsteadOfReportingEveryBorrowAsALeak() {
		this.runner.withPropertyValues("spring.datasource.hikari.leak-detection-threshold=-5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(FailureAnalyses.text(context.getStartupFailure())).contains("leak-detection-threshold is -5 ms",
					"every connection it lends as a leak");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			expected-instances=-1                     | expectedInstances                  | must be at least 1
			expected-instances=0                      | expectedInstances                  | must be at least 1
			connection-headroom=-3                    | connectionHeadroom                 | must be at least 0
			postgres.statement-timeout=-1s            | postgres.statementTimeout          | must be zero or positive
			postgres.lock-timeout=-1s                 | postgres.lockTimeout               | must be zero or positive
			postgres.idle-in-transaction-timeout=-1s  | postgres.idleInTransactionTimeout  | must be zero or positive
			""")
	void invalidValueFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.runner.withPropertyValues("memguard.datasource." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.datasource." + setting, "memguard.datasource." + property, reason));
	}

	@Test
	void leakMetricsFindThePoolBehindAWrappingDataSource() {
		this.runner.withBean(WrappingPostProcessor.class, WrappingPostProcessor::new)
			.withPropertyValues("spring.datasource.hikari.leak-detection-threshold=2000")
			.run((context) -> {
				assertThat(context).getBean(DataSource.class).isInstanceOf(DelegatingDataSource.class);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(ConnectionLeakMetrics.class).bindTo(registry);
				try (Connection held = context.getBean(DataSource.class).getConnection()) {
					await().atMost(Duration.ofSeconds(30))
						.until(() -> registry.get("memguard.datasource.leaks.active").gauge().value() == 1);
				}
				assertThat(registry.get("memguard.datasource.leaks.active").gauge().value()).isZero();
			});
	}

	static class WrappingPostProcessor implements BeanPostProcessor, Ordered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			return (bean instanceof HikariDataSource pool) ? new DelegatingDataSource(pool) : bean;
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	@Test
	void analyzerIgnoresUnrelatedFailures() {
		assertThat(new DataSourceConfigurationFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	void connectionHeldPastTheThresholdIsListedAndCountedUntilReturned() {
		this.runner.withPropertyValues("spring.datasource.hikari.leak-detection-threshold=2000").run((context) -> {
			DataSourceMemorySection section = context.getBean(DataSourceMemorySection.class);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ConnectionLeakMetrics.class).bindTo(registry);
			Connection leaked = context.getBean(DataSource.class).getConnection();
			assertThat(leaks(section)).isEmpty();
			Thread.sleep(2500);
			List<Map<String, Object>> leaks = leaks(section);
			assertThat(leaks).singleElement().satisfies((leak) -> {
				assertThat((long) leak.get("heldForMillis")).isGreaterThan(2000);
				assertThat((List<?>) leak.get("takenAt")).first()
					.asString()
					.startsWith(MemguardDataSourceAutoConfigurationTests.class.getName());
			});
			assertThat(registry.get("memguard.datasource.leaks.active").gauge().value()).isEqualTo(1);
			assertThat(section(section)).containsEntry("active", 1).containsKeys("idle", "pending", "max");
			leaked.close();
			assertThat(leaks(section)).isEmpty();
			assertThat(registry.get("memguard.datasource.leaks.active").gauge().value()).isZero();
			assertThat(registry.get("memguard.datasource.leaks").functionCounter().count()).isEqualTo(1);
		});
	}

	@Test
	void databaseBusyResolverIsOnlyInServletApplicationsAndBacksOffForTheUsersOwn() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(DatabaseBusyExceptionResolver.class));
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, MemguardDataSourceAutoConfiguration.class))
			.withPropertyValues(postgres.get().springProperties());
		web.run((context) -> assertThat(context).hasSingleBean(DatabaseBusyExceptionResolver.class));
		web.withBean("custom", DatabaseBusyExceptionResolver.class,
				() -> new DatabaseBusyExceptionResolver(null, new RequestRejections()))
			.run((context) -> assertThat(context).getBean(DatabaseBusyExceptionResolver.class)
				.isSameAs(context.getBean("custom")));
	}

	@Test
	void nonPostgresDatabaseSkipsSessionLimitsSilently(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, MemguardDataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:memguard-jdbc")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(pool(context).getDataSourceProperties()).doesNotContainKey("options");
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
			});
		assertThat(output).doesNotContain("session limits");
	}

	@Test
	void nothingIsAppliedWhenMemguardIsDisabled() {
		this.runner.withPropertyValues("memguard.enabled=false").run((context) -> {
			assertThat(context).getBean(DataSource.class).isExactlyInstanceOf(HikariDataSource.class);
			assertThat(context).doesNotHaveBean(DataSourceMemorySection.class).doesNotHaveBean(PostgresPoolCheck.class);
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(pool.getDataSourceProperties()).doesNotContainKey("options");
		});
	}

	private static HikariDataSource pool(AssertableApplicationContext context) {
		return DataSourceUnwrapper.unwrap(context.getBean(DataSource.class), HikariDataSource.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> section(DataSourceMemorySection section) {
		return (Map<String, Object>) section.section(true);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> leaks(DataSourceMemorySection section) {
		return (List<Map<String, Object>>) section(section).get("leaks");
	}

	private static String show(Connection connection, String setting) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

}
