package io.memguard.schema.lint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.memguard.schema.lint.LockLab.Observation;
import io.memguard.test.postgres.PostgresDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each rule of the linter shown on a real PostgreSQL 18: the statement it reports asks
 * for a lock that blocks reads or writes of a table in use (or fails, or breaks the
 * running version's queries), and its recipe does not. See {@link LockLab} for how a
 * block is observed. Every statement is also checked against the linter, so that rule and
 * demonstration cannot drift apart.
 */
class LockRulesPostgresTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	private static final AtomicInteger tables = new AtomicInteger();

	private static LockLab lab;

	@BeforeAll
	static void createLab() {
		lab = new LockLab(postgres.get().unpooledDataSource());
	}

	@Test
	void createIndexBlocksWritesAndConcurrentlyDoesNot() throws Exception {
		String t = table();
		Observation plain = lab.observe(t, true, "create index " + t + "_v on " + t + " (v)");
		assertBlocks(plain, "ShareLock", false, true);
		assertReported("create index " + t + "_v on " + t + " (v)", LintRule.CREATE_INDEX_NOT_CONCURRENTLY);

		Observation concurrently = lab.observe(t, false, "create index concurrently " + t + "_v2 on " + t + " (v)");
		assertBlocksNothing(concurrently, "ShareUpdateExclusiveLock");
		assertSafe("create index concurrently " + t + "_v2 on " + t + " (v)");
	}

	@Test
	void dropIndexBlocksReadsAndWritesAndConcurrentlyDoesNot() throws Exception {
		String t = table();
		lab.execute("create index " + t + "_v on " + t + " (v)", "create index " + t + "_note on " + t + " (note)");
		Observation plain = lab.observe(t, true, "drop index " + t + "_v");
		assertBlocks(plain, "AccessExclusiveLock", true, true);
		assertReported("drop index " + t + "_v", LintRule.DROP_INDEX_NOT_CONCURRENTLY);

		Observation concurrently = lab.observe(t, false, "drop index concurrently " + t + "_note");
		assertBlocksNothing(concurrently, "ShareUpdateExclusiveLock");
		assertSafe("drop index concurrently " + t + "_note");
	}

	@Test
	void reindexBlocksWritesAndConcurrentlyDoesNot() throws Exception {
		String t = table();
		lab.execute("create index " + t + "_v on " + t + " (v)");
		Observation plain = lab.observe(t, true, "reindex index " + t + "_v");
		assertBlocks(plain, "ShareLock", false, true);
		assertReported("reindex index " + t + "_v", LintRule.REINDEX_NOT_CONCURRENTLY);

		Observation concurrently = lab.observe(t, false, "reindex index concurrently " + t + "_v");
		assertBlocksNothing(concurrently, "ShareUpdateExclusiveLock");
		assertSafe("reindex index concurrently " + t + "_v");
	}

	@Test
	void concurrentlyInATransactionFailsAndAloneSucceeds() throws Exception {
		String t = table();
		String statement = "create index concurrently " + t + "_v on " + t + " (v)";
		Observation inTransaction = lab.observe(t, true, statement);
		assertThat((Object) inTransaction.failure()).isNotNull();
		assertThat(inTransaction.failure().getSQLState()).isEqualTo("25001");
		assertThat(lint("V9__index.sql", "alter table " + t + " add column x int;\n" + statement + ";"))
			.extracting(Finding::rule)
			.contains(LintRule.CONCURRENTLY_IN_TRANSACTION);

		Observation alone = lab.observe(t, false, statement);
		assertThat((Object) alone.failure()).isNull();
		assertSafe(statement);
	}

	@Test
	void flywayRefusesAConcurrentIndexMixedWithOtherStatementsUnlessMixedAndThenRunsItAllOutsideATransaction(
			@TempDir Path migrations) throws Exception {
		String t = table();
		Files.writeString(migrations.resolve("V1__mixed.sql"), "alter table " + t + " add column mixed int;\n"
				+ "create index concurrently " + t + "_mixed on " + t + " (mixed);\n");
		DataSource dataSource = postgres.get().unpooledDataSource();
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> Flyway.configure()
				.dataSource(dataSource)
				.table(t + "_history")
				.baselineOnMigrate(true)
				.baselineVersion("0")
				.locations("filesystem:" + migrations)
				.load()
				.migrate())
			.withMessageContaining("mixed");
		Flyway.configure()
			.dataSource(dataSource)
			.table(t + "_history")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.locations("filesystem:" + migrations)
			.mixed(true)
			// Flyway's transactional advisory lock would keep a transaction open that the
			// concurrent build waits for forever (flyway#1654); Memguard defaults it off
			// too
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load()
			.migrate();
		assertThat(lab.queryLong("select count(*) from pg_index where indexrelid = '" + t + "_mixed'::regclass"))
			.isEqualTo(1);
	}

	@Test
	void volatileDefaultRewritesUnderAnExclusiveLockAndTheRecipeDoesNot() throws Exception {
		String t = table();
		long before = lab.relfilenode(t);
		String statement = "alter table " + t + " add column code uuid default gen_random_uuid()";
		Observation plain = lab.observe(t, true, statement);
		assertBlocks(plain, "AccessExclusiveLock", true, true);
		assertThat(lab.relfilenode(t)).as("table rewritten").isNotEqualTo(before);
		assertReported(statement, LintRule.ADD_COLUMN_VOLATILE_DEFAULT);

		long rewritten = lab.relfilenode(t);
		List<String> recipe = List.of("alter table " + t + " add column code2 uuid",
				"alter table " + t + " alter column code2 set default gen_random_uuid()");
		lab.execute(recipe.toArray(String[]::new));
		assertThat(lab.relfilenode(t)).as("no rewrite").isEqualTo(rewritten);
		Observation backfill = lab.observe(t, "select count(*) from " + t, true,
				"update " + t + " set code2 = gen_random_uuid() where id between 1 and 500 and code2 is null");
		assertThat(backfill.waitedFor()).isNull();
		assertThat(backfill.blocksNothing()).isTrue();
		assertSafe(recipe.get(0) + ";\n" + recipe.get(1));
	}

	@Test
	void typeChangeRewritesUnderAnExclusiveLockAndWideningDoesNot() throws Exception {
		String t = table();
		long before = lab.relfilenode(t);
		String statement = "alter table " + t + " alter column v type bigint";
		Observation plain = lab.observe(t, true, statement);
		assertBlocks(plain, "AccessExclusiveLock", true, true);
		assertThat(lab.relfilenode(t)).as("table rewritten").isNotEqualTo(before);
		assertThat(new MigrationLinter(LintOptions.defaults().withSessionLockTimeout(true))
			.lint(List.of(script("V1__create.sql", "create table " + t + " (id bigint, v int, room varchar(20));"),
					script("V2__change.sql", statement + ";"),
					script("V3__widen.sql", "alter table " + t + " alter column room type varchar(40);")))
			.findings()).extracting(Finding::script, Finding::rule)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("V2__change.sql", LintRule.ALTER_COLUMN_TYPE));

		long rewritten = lab.relfilenode(t);
		lab.execute("alter table " + t + " alter column room type varchar(40)");
		assertThat(lab.relfilenode(t)).as("widening does not rewrite").isEqualTo(rewritten);
		Observation newColumn = lab.observe(t, "select count(*) from " + t, true,
				"update " + t + " set note = v::text where id between 1 and 500");
		assertThat(newColumn.blocksNothing()).as("batched backfill of the new column").isTrue();
	}

	@Test
	void setNotNullBlocksReadsAndTheValidatedCheckRecipeDoesNot() throws Exception {
		String t = table();
		String statement = "alter table " + t + " alter column note set not null";
		Observation plain = lab.observe(t, true, statement);
		assertBlocks(plain, "AccessExclusiveLock", true, true);
		assertReported(statement, LintRule.SET_NOT_NULL);

		lab.execute("alter table " + t + " add constraint " + t + "_room_nn check (room is not null) not valid");
		Observation validate = lab.observe(t, true, "alter table " + t + " validate constraint " + t + "_room_nn");
		assertBlocksNothing(validate, "ShareUpdateExclusiveLock");
		assertSafe("alter table " + t + " add constraint " + t + "_room_nn check (room is not null) not valid");
	}

	@Test
	void constraintsWithoutNotValidBlockAndValidateDoesNot() throws Exception {
		String t = table();
		String parent = table();
		lab.execute("alter table " + t + " add column parent_id bigint");
		String foreignKey = "alter table " + t + " add constraint " + t + "_fk foreign key (parent_id) references "
				+ parent + " (id)";
		Observation fk = lab.observe(t, true, foreignKey);
		assertBlocks(fk, "ShareRowExclusiveLock", false, true);
		assertReported(foreignKey, LintRule.CONSTRAINT_NOT_VALID);
		String check = "alter table " + t + " add constraint " + t + "_v_positive check (v > 0)";
		Observation checkObservation = lab.observe(t, true, check);
		assertBlocks(checkObservation, "AccessExclusiveLock", true, true);
		assertReported(check, LintRule.CONSTRAINT_NOT_VALID);

		lab.execute("alter table " + t + " add constraint " + t + "_v_small check (v < 1000000) not valid");
		Observation validate = lab.observe(t, true, "alter table " + t + " validate constraint " + t + "_v_small");
		assertBlocksNothing(validate, "ShareUpdateExclusiveLock");
		assertSafe("alter table " + t + " add constraint " + t + "_v_small check (v < 1000000) not valid");
	}

	@Test
	void uniqueConstraintBuildsItsIndexUnderAnExclusiveLockAndUsingIndexDoesNot() throws Exception {
		String t = table();
		String statement = "alter table " + t + " add constraint " + t + "_v_key unique (v)";
		Observation plain = lab.observe(t, true, statement);
		assertBlocks(plain, "AccessExclusiveLock", true, true);
		assertReported(statement, LintRule.CONSTRAINT_BUILDS_INDEX);

		Observation index = lab.observe(t, false,
				"create unique index concurrently " + t + "_note_key on " + t + " (note)");
		assertThat(index.blocksNothing()).isTrue();
		String attach = "alter table " + t + " add constraint " + t + "_note_key unique using index " + t + "_note_key";
		lab.execute(attach);
		assertSafe(attach);
	}

	@Test
	void renamesBreakTheRunningVersionAndTheExpandStepsDoNot() throws Exception {
		String t = table();
		String oldQuery = "select note from " + t + " where id = 1";
		lab.execute("alter table " + t + " rename column note to remark");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> lab.execute(oldQuery))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42703"));
		assertReported("alter table " + t + " rename column note to remark", LintRule.RENAME_COLUMN);

		String renamed = table();
		lab.execute("alter table " + renamed + " rename to " + renamed + "_new");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> lab.execute("select count(*) from " + renamed))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42P01"));
		assertReported("alter table " + renamed + " rename to " + renamed + "_new", LintRule.RENAME_TABLE);

		String expanded = table();
		lab.execute("alter table " + expanded + " add column remark text",
				"update " + expanded + " set remark = note where id between 1 and 500");
		lab.execute("select note, remark from " + expanded + " where id = 1",
				"insert into " + expanded + " (v, note) values (1, 'old version')");
		String viewed = table();
		lab.execute("begin", "alter table " + viewed + " rename to " + viewed + "_new",
				"create view " + viewed + " as select * from " + viewed + "_new", "commit");
		lab.execute("select note from " + viewed + " where id = 1",
				"insert into " + viewed + " (v, note) values (1, 'through the view')");
	}

	@Test
	void dropsBreakTheRunningVersion() throws Exception {
		String t = table();
		Observation drop = lab.observe(t, true, "alter table " + t + " drop column note");
		assertBlocks(drop, "AccessExclusiveLock", true, true);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> lab.execute("select id, note from " + t))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42703"));
		lab.execute("select id, v from " + t);
		assertReported("alter table " + t + " drop column note", LintRule.DROP_COLUMN);

		String dropped = table();
		Observation dropTable = lab.observe(dropped, true, "drop table " + dropped);
		assertBlocks(dropTable, "AccessExclusiveLock", true, true);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> lab.execute("select count(*) from " + dropped))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42P01"));
		assertReported("drop table " + dropped, LintRule.DROP_TABLE);
	}

	@Test
	void vacuumFullRewritesUnderAnExclusiveLockAndPlainVacuumDoesNot() throws Exception {
		String t = table();
		long before = lab.relfilenode(t);
		Observation full = lab.observe(t, false, "vacuum full " + t);
		assertBlocks(full, "AccessExclusiveLock", true, true);
		assertThat(lab.relfilenode(t)).isNotEqualTo(before);
		assertReported("vacuum full " + t, LintRule.VACUUM_FULL);

		Observation plain = lab.observe(t, false, "vacuum " + t);
		assertBlocksNothing(plain, "ShareUpdateExclusiveLock");
		assertSafe("vacuum " + t);
	}

	@Test
	void clusterRewritesUnderAnExclusiveLock() throws Exception {
		String t = table();
		long before = lab.relfilenode(t);
		Observation cluster = lab.observe(t, true, "cluster " + t + " using " + t + "_pkey");
		assertBlocks(cluster, "AccessExclusiveLock", true, true);
		assertThat(lab.relfilenode(t)).isNotEqualTo(before);
		assertReported("cluster " + t + " using " + t + "_pkey", LintRule.CLUSTER);
	}

	@Test
	void lockTableBlocksAndRowLocksDoNot() throws Exception {
		String t = table();
		Observation lock = lab.observe(t, true, "lock table " + t);
		assertBlocks(lock, "AccessExclusiveLock", true, true);
		assertReported("lock table " + t, LintRule.LOCK_TABLE);

		Observation rows = lab.observe(t, "select * from " + t + " where id = 1 for update", true,
				"update " + t + " set v = v + 1 where id = 2");
		assertThat(rows.waitedFor()).isNull();
		assertThat(rows.blocksNothing()).isTrue();
		assertSafe("update " + t + " set v = v + 1 where id = 2");
	}

	@Test
	void withoutLockTimeoutAShortAlterQueuesEveryReadAndWithItGivesUp() throws Exception {
		String t = table();
		String longQuery = "select count(*) from " + t;
		String alter = "alter table " + t + " add column extra int";
		Observation waiting = lab.observe(t, longQuery, true, alter);
		assertThat(waiting.waitedFor()).isEqualTo("AccessExclusiveLock");
		assertThat(waiting.readBlocked()).as("reads queue behind the waiting ALTER").isTrue();
		assertThat(
				new MigrationLinter(LintOptions.defaults()).lint(List.of(script("V9__x.sql", alter + ";"))).findings())
			.extracting(Finding::rule)
			.containsExactly(LintRule.LOCK_TIMEOUT_MISSING);

		Observation givesUp = lab.observe(t, longQuery, true, "set local lock_timeout = '100ms'",
				"alter table " + t + " add column extra2 int");
		assertThat((Object) givesUp.failure()).isNotNull();
		assertThat(givesUp.failure().getSQLState()).isEqualTo("55P03");
		assertThat(givesUp.readBlocked()).isFalse();
		assertThat(new MigrationLinter(LintOptions.defaults())
			.lint(List.of(script("V9__x.sql", "set lock_timeout = '100ms';\n" + alter + ";")))
			.findings()).isEmpty();
	}

	/**
	 * The statement asked for the given lock and blocked reads and writes as given.
	 */
	private static void assertBlocks(Observation observation, String mode, boolean reads, boolean writes) {
		assertThat(observation.waitedFor()).isEqualTo(mode);
		assertThat(observation.readBlocked()).as("read blocked").isEqualTo(reads);
		assertThat(observation.writeBlocked()).as("write blocked").isEqualTo(writes);
	}

	/**
	 * The statement asked for the given lock and neither reads nor writes waited for it.
	 */
	private static void assertBlocksNothing(Observation observation, String mode) {
		assertThat(observation.waitedFor()).isEqualTo(mode);
		assertThat(observation.blocksNothing()).isTrue();
	}

	private static String table() throws SQLException {
		String name = "lab_" + tables.incrementAndGet();
		lab.createTable(name, 2000);
		return name;
	}

	private static void assertReported(String sql, LintRule rule) {
		assertThat(lint("V9__statement.sql", sql + ";")).extracting(Finding::rule).contains(rule);
	}

	private static void assertSafe(String sql) {
		assertThat(lint("V9__statement.sql", sql + ";")).isEmpty();
	}

	private static List<Finding> lint(String name, String sql) {
		return new MigrationLinter(LintOptions.defaults().withSessionLockTimeout(true)).lint(List.of(script(name, sql)))
			.findings();
	}

	private static MigrationScript script(String name, String sql) {
		return MigrationScripts.parse(name, sql, MigrationScripts.Naming.FLYWAY_DEFAULTS);
	}

}
