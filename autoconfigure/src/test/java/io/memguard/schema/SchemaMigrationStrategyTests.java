package io.memguard.schema;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SchemaMigrationStrategy} and {@link MigrationSessionCustomizer} on real
 * PostgreSQL, configured as the auto-configuration configures them.
 */
class SchemaMigrationStrategyTests {

	@Test
	void migrationBlockedByAnotherSessionsLockFailsAfterItsRetriesAndLeavesNoHalfAppliedSchema() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		properties.setMigrationLockTimeout(Duration.ofMillis(300));
		properties.setLockRetries(2);
		flyway(database, "base", properties).target("1").load().migrate();
		try (Connection holder = database.unpooledDataSource().getConnection();
				Statement statement = holder.createStatement()) {
			holder.setAutoCommit(false);
			statement.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
			Flyway flyway = flyway(database, "base", properties).load();
			assertThatExceptionOfType(SchemaStartupException.class)
				.isThrownBy(() -> new SchemaMigrationStrategy(properties).migrate(flyway))
				.withMessageContaining("3 time(s) in a row")
				.satisfies((ex) -> assertThat(ex.getAction()).contains("memguard.schema.lock-retries"));
			holder.rollback();
		}
		JdbcTemplate jdbc = new JdbcTemplate(database.unpooledDataSource());
		assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL",
				String.class))
			.containsExactly("1");
		assertThat(columnsOf(jdbc, "account")).containsExactly("id", "name");
		assertThat(jdbc.queryForObject("SELECT to_regclass('account_audit') IS NULL", Boolean.class)).isTrue();
	}

	@Test
	void migrationBlockedBrieflyByAnotherSessionsLockSucceedsOnRetry() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		properties.setMigrationLockTimeout(Duration.ofMillis(200));
		properties.setLockRetries(10);
		properties.setLockRetryBackoff(Duration.ofMillis(200));
		flyway(database, "base", properties).target("1").load().migrate();
		Connection holder = database.unpooledDataSource().getConnection();
		holder.setAutoCommit(false);
		try (Statement statement = holder.createStatement()) {
			statement.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
		}
		CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
			try (holder) {
				Thread.sleep(700);
				holder.rollback();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		new SchemaMigrationStrategy(properties).migrate(flyway(database, "base", properties).load());
		release.join();
		assertThat(columnsOf(new JdbcTemplate(database.unpooledDataSource()), "account")).contains("email");
	}

	@Test
	void twoInstancesStartingAtOnceApplyEachMigrationExactlyOnce() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		CyclicBarrier start = new CyclicBarrier(2);
		List<CompletableFuture<Void>> instances = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Flyway flyway = flyway(database, "base", properties).load();
			instances.add(CompletableFuture.runAsync(() -> {
				try {
					start.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				new SchemaMigrationStrategy(properties).migrate(flyway);
			}));
		}
		CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).join();
		JdbcTemplate jdbc = new JdbcTemplate(database.unpooledDataSource());
		assertThat(jdbc.queryForList(
				"SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success ORDER BY installed_rank",
				String.class))
			.containsExactly("1", "2");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history", Integer.class)).isEqualTo(2);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void instanceWaitingForAnotherInstancesMigrationLogsWhoHoldsFlywaysLock(CapturedOutput output) throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		CompletableFuture<Void> first = CompletableFuture.runAsync(
				() -> new SchemaMigrationStrategy(properties).migrate(flyway(database, "slow", properties).load()));
		JdbcTemplate jdbc = new JdbcTemplate(database.unpooledDataSource());
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject(
					"SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()",
					Integer.class) > 0);
		new SchemaMigrationStrategy(properties, new SchemaLintProperties(), Duration.ofMillis(500))
			.migrate(flyway(database, "slow", properties).load());
		first.join();
		assertThat(output).containsPattern("sessions holding an advisory lock \\(Flyway's\\): \\[pid \\d+");
		assertThat(
				jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL", String.class))
			.containsExactly("1", "2");
	}

	@Test
	void createIndexConcurrentlyMigrationCompletes() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		// What spring.flyway.postgresql.transactional-lock=false (our default) sets.
		Flyway flyway = flyway(database, "concurrent-index", properties)
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load();
		new SchemaMigrationStrategy(properties).migrate(flyway);
		JdbcTemplate jdbc = new JdbcTemplate(database.unpooledDataSource());
		assertThat(jdbc.queryForObject(
				"SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('account_name_idx')", Boolean.class))
			.isTrue();
	}

	@Test
	void nonTransactionalMigrationLeftHalfDoneByALockTimeoutIsNotRetriedAndSaysWhatToRepair() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		properties.setMigrationLockTimeout(Duration.ofMillis(300));
		properties.setLockRetries(3);
		flyway(database, "concurrent-index", properties).target("1").load().migrate();
		try (Connection writer = database.unpooledDataSource().getConnection();
				Statement statement = writer.createStatement()) {
			// CREATE INDEX CONCURRENTLY creates its (invalid) index, commits, then waits
			// for open writers: the lock timeout ends it there, half done
			writer.setAutoCommit(false);
			statement.execute("INSERT INTO account (id, name) VALUES (1, 'writer')");
			Flyway flyway = flyway(database, "concurrent-index", properties)
				.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
				.load();
			assertThatExceptionOfType(SchemaStartupException.class)
				.isThrownBy(() -> new SchemaMigrationStrategy(properties).migrate(flyway))
				.withMessageContaining("2 (index account name)")
				.withMessageContaining("outside a transaction")
				.satisfies((ex) -> assertThat(ex.getAction()).contains("repair").contains("INVALID"));
			writer.rollback();
		}
		JdbcTemplate jdbc = new JdbcTemplate(database.unpooledDataSource());
		assertThat(jdbc.queryForObject(
				"SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('account_name_idx')", Boolean.class))
			.isFalse();
	}

	@Test
	void databaseThatNeverComesUpFailsAfterTheConnectTimeoutWithAClearMessage() throws IOException {
		SchemaProperties properties = fastProperties();
		properties.setConnectTimeout(Duration.ofSeconds(1));
		String url = "jdbc:postgresql://localhost:" + freePort() + "/nothing";
		Flyway flyway = flywayOn(url, "base", properties).load();
		assertThatExceptionOfType(SchemaStartupException.class)
			.isThrownBy(() -> new SchemaMigrationStrategy(properties).migrate(flyway))
			.withMessageContaining(url)
			.withMessageContaining("did not accept connections within PT1S")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("memguard.schema.connect-timeout"));
	}

	@Test
	void databaseThatStartsAfterTheApplicationIsWaitedFor() throws Exception {
		int port = freePort();
		SchemaProperties properties = fastProperties();
		properties.setConnectTimeout(Duration.ofSeconds(60));
		CompletableFuture<EmbeddedPostgres> lateServer = CompletableFuture.supplyAsync(() -> {
			try {
				Thread.sleep(1500);
				return EmbeddedPostgres.builder().setPort(port).start();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			Flyway flyway = flywayOn("jdbc:postgresql://localhost:" + port + "/postgres", "base", properties).load();
			new SchemaMigrationStrategy(properties).migrate(flyway);
			assertThat(flyway.info().applied()).hasSize(2);
		}
		finally {
			lateServer.join().close();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void pendingMigrationThatWouldLockIsLoggedWithItsRecipeAndApplied(CapturedOutput output) {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		new SchemaMigrationStrategy(properties, new SchemaLintProperties())
			.migrate(flyway(database, "locking", properties).load());
		assertThat(output).contains("V2__index_account_name.sql:2 [create-index-not-concurrently]")
			.contains("instead:   CREATE INDEX CONCURRENTLY")
			.contains("Applying them anyway (memguard.schema.lint.mode=auto)")
			.doesNotContain("[drop-column]");
		assertThat(appliedVersions(database)).containsExactly("1", "2", "3");
	}

	@Test
	void migrateOnlyRefusesAPendingMigrationThatWouldLockBeforeApplyingAnything() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		properties.setMigrateOnly(true);
		flyway(database, "locking", properties).target("1").load().migrate();
		assertThatExceptionOfType(SchemaStartupException.class)
			.isThrownBy(() -> new SchemaMigrationStrategy(properties, new SchemaLintProperties())
				.migrate(flyway(database, "locking", properties).load()))
			.withMessageContaining("V2__index_account_name.sql:2 [create-index-not-concurrently]")
			.withMessageContaining("SHARE lock")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("-- memguard:allow"));
		assertThat(appliedVersions(database)).containsExactly("1");
	}

	@Test
	void appliedMigrationsExcludedRulesAndWarnModeDoNotRefuse() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		SchemaProperties properties = fastProperties();
		properties.setMigrateOnly(true);
		SchemaLintProperties excluded = new SchemaLintProperties();
		excluded.setExcludedRules(List.of("create-index-not-concurrently"));
		new SchemaMigrationStrategy(properties, excluded)
			.migrate(flyway(database, "locking", properties).target("2").load());
		SchemaLintProperties strict = new SchemaLintProperties();
		strict.setMode(SchemaLintProperties.Mode.FAIL);
		new SchemaMigrationStrategy(properties, strict).migrate(flyway(database, "locking", properties).load());
		assertThat(appliedVersions(database)).containsExactly("1", "2", "3");
		TestDatabase other = EmbeddedPostgresServer.createDatabase();
		SchemaLintProperties warn = new SchemaLintProperties();
		warn.setMode(SchemaLintProperties.Mode.WARN);
		new SchemaMigrationStrategy(properties, warn).migrate(flyway(other, "locking", properties).load());
		assertThat(appliedVersions(other)).containsExactly("1", "2", "3");
	}

	private static List<String> appliedVersions(TestDatabase database) {
		return new JdbcTemplate(database.unpooledDataSource()).queryForList(
				"SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank",
				String.class);
	}

	private static SchemaProperties fastProperties() {
		SchemaProperties properties = new SchemaProperties();
		properties.setLockRetryBackoff(Duration.ofMillis(50));
		properties.setConnectRetryInterval(Duration.ofMillis(100));
		return properties;
	}

	private static FluentConfiguration flyway(TestDatabase database, String migrations, SchemaProperties properties) {
		return flywayOn(database.jdbcUrl(), migrations, properties);
	}

	private static FluentConfiguration flywayOn(String url, String migrations, SchemaProperties properties) {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, "postgres",
				"postgres");
		FluentConfiguration configuration = Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/schema/" + migrations);
		new MigrationSessionCustomizer(properties, true).customize(configuration);
		return configuration;
	}

	private static List<String> columnsOf(JdbcTemplate jdbc, String table) {
		return jdbc.queryForList(
				"SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
				String.class, table);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
