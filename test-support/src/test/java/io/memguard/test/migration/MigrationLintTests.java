package io.memguard.test.migration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class MigrationLintTests {

	@Test
	void safeMigrationsPassWithTheirPlaceholders() {
		assertThatNoException().isThrownBy(
				() -> MigrationLint.classpath("db/migration").placeholder("concurrently", "CONCURRENTLY").assertSafe());
	}

	@Test
	void defaultAssertionReadsDbMigrationAndFailsOnAMissingPlaceholderOrAnIndexBuiltUnderLock() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(MigrationLint::assertMigrationsAreSafe)
			.withMessageContaining("placeholder ${concurrently} has no value");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> MigrationLint.classpath("db/migration").placeholder("concurrently", "").assertSafe())
			.withMessageContaining("V2__index_booking_amount.sql:1 [create-index-not-concurrently]");
	}

	@Test
	void unsafeMigrationFailsWithEachFindingItsLockAndItsRecipe() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> MigrationLint.directory(Path.of("src/test/resources/unsafe"), StandardCharsets.UTF_8)
				.assertSafe())
			.withMessageContaining("V2__room_not_null.sql:2 [set-not-null]")
			.withMessageContaining("ACCESS EXCLUSIVE")
			.withMessageContaining("VALIDATE CONSTRAINT")
			.withMessageNotContaining("lock-timeout-missing");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> MigrationLint.directory(Path.of("src/test/resources/unsafe"), StandardCharsets.UTF_8)
				.withoutMemguardSessions()
				.assertSafe())
			.withMessageContaining("V2__room_not_null.sql:1 [lock-timeout-missing]");
	}

	@Test
	void excludedRulesStartAfterAndAWrongLocationAreHonoured() {
		assertThatNoException()
			.isThrownBy(() -> MigrationLint.classpath("unsafe").excludeRules("set-not-null").assertSafe());
		assertThatNoException().isThrownBy(() -> MigrationLint.classpath("unsafe").startAfter("2").assertSafe());
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> MigrationLint.classpath("db/migrations").assertSafe())
			.withMessage("No Flyway migration found in classpath:db/migrations");
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationLint.classpath("unsafe").excludeRules("nope"));
	}

}
