package io.memguard.sample.schema;

import io.memguard.test.migration.MigrationLint;
import org.junit.jupiter.api.Test;

/**
 * The sample's migrations cannot lock production, with the placeholder values of the
 * {@code postgres} profile.
 */
class MigrationsLintTests {

	@Test
	void migrationsAreSafeForProductionOnPostgres() {
		MigrationLint.classpath("db/migration").placeholder("concurrently", "CONCURRENTLY").assertSafe();
	}

}
