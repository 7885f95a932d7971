package io.memguard.schema.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code --memguard.schema.migrate-only=true} in its own JVM, as a release step or
 * init container would, and checks the exit status.
 */
class MigrateOnlyModeTests {

	@Test
	void migrateOnlyAppliesTheMigrationsAndExitsWithZero() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		Result result = runMigrateOnly(database.jdbcUrl());
		assertThat(result.status()).as(result.output()).isZero();
		assertThat(result.output()).contains("Migrations applied (memguard.schema.migrate-only=true), exiting");
		assertThat(new JdbcTemplate(database.unpooledDataSource())
			.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class)).isEqualTo(2);
	}

	@Test
	void migrateOnlyExitsWithOneWhenTheMigrationCannotRun() throws Exception {
		Result result = runMigrateOnly("jdbc:postgresql://localhost:1/unreachable");
		assertThat(result.status()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("did not accept connections within PT1S");
	}

	@Test
	void migrateOnlyRefusesAMigrationThatWouldLockAndExitsWithOne() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		Result result = runMigrateOnly(database.jdbcUrl(), "locking");
		assertThat(result.status()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("V2__index_account_name.sql:2 [create-index-not-concurrently]")
			.contains("CREATE INDEX CONCURRENTLY");
		assertThat(new JdbcTemplate(database.unpooledDataSource())
			.queryForObject("SELECT to_regclass('flyway_schema_history') IS NULL", Boolean.class)).isTrue();
	}

	private static Result runMigrateOnly(String url) throws IOException, InterruptedException {
		return runMigrateOnly(url, "base");
	}

	private static Result runMigrateOnly(String url, String migrations) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				MigrateOnlyApplication.class.getName(), "--memguard.schema.migrate-only=true",
				"--memguard.schema.connect-timeout=1s", "--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--spring.flyway.locations=classpath:db/schema/" + migrations));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private record Result(int status, String output) {
	}

}
