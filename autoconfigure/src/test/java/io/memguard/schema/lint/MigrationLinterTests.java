package io.memguard.schema.lint;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationLinterTests {

	private static final LintOptions OPTIONS = LintOptions.defaults().withSessionLockTimeout(true);

	@Test
	void createIndexOnAnExistingTableIsReportedWithFileLineAndRecipe() {
		LintReport report = lint(OPTIONS,
				script("V2__index.sql", "-- index the bookings\n\nCREATE INDEX booking_room ON booking (room);"));
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.script()).isEqualTo("V2__index.sql");
			assertThat(finding.line()).isEqualTo(3);
			assertThat(finding.rule()).isEqualTo(LintRule.CREATE_INDEX_NOT_CONCURRENTLY);
			assertThat(finding.detail()).contains("existing table booking");
			assertThat(finding.describe()).contains("SHARE lock").contains("CREATE INDEX CONCURRENTLY");
		});
	}

	@Test
	void tablesCreatedInTheSameMigrationAreExempt() {
		assertThat(rules(OPTIONS, script("V1__create.sql", """
				create table booking (id bigint primary key, room varchar(20) not null, note text);
				create index booking_room on booking (room);
				alter table booking add constraint booking_room_check check (room <> '');
				alter table booking alter column note set not null;
				alter table booking add column code uuid default gen_random_uuid();
				alter table booking rename column note to remark;
				"""))).isEmpty();
	}

	@Test
	void concurrentIndexAloneInItsMigrationIsSafe() {
		assertThat(rules(OPTIONS,
				script("V2__index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS booking_room ON booking (room);")))
			.isEmpty();
	}

	@Test
	void concurrentIndexMixedWithOtherStatementsOrForcedIntoATransactionIsReported() {
		assertThat(rules(OPTIONS, script("V2__index.sql",
				"alter table booking add column code text;\ncreate index concurrently booking_room on booking (room);")))
			.containsExactly(LintRule.CONCURRENTLY_IN_TRANSACTION);
		assertThat(rules(OPTIONS,
				script("V2__index.sql", "create index concurrently booking_room on booking (room);")
					.withConfiguration("executeInTransaction=true")))
			.containsExactly(LintRule.CONCURRENTLY_IN_TRANSACTION);
		assertThat(rules(OPTIONS, script("V2__index.sql",
				"-- flyway:executeInTransaction=true\ncreate index concurrently booking_room on booking (room);")))
			.containsExactly(LintRule.CONCURRENTLY_IN_TRANSACTION);
	}

	@Test
	void volatileDefaultsSerialsIdentitiesAndStoredGeneratedColumnsRewrite() {
		assertThat(rules(OPTIONS, script("V2__columns.sql", """
				alter table booking add column code uuid default gen_random_uuid();
				alter table booking add column seen timestamptz default clock_timestamp();
				alter table booking add column number bigserial;
				alter table booking add column position bigint generated always as identity;
				alter table booking add column total numeric generated always as (nights * 2) stored;
				"""))).containsExactly(LintRule.ADD_COLUMN_VOLATILE_DEFAULT, LintRule.ADD_COLUMN_VOLATILE_DEFAULT,
				LintRule.ADD_COLUMN_VOLATILE_DEFAULT, LintRule.ADD_COLUMN_VOLATILE_DEFAULT,
				LintRule.ADD_COLUMN_VOLATILE_DEFAULT);
	}

	@Test
	void constantAndStableDefaultsAndVirtualGeneratedColumnsDoNotRewrite() {
		assertThat(rules(OPTIONS, script("V2__columns.sql", """
				alter table booking add column created timestamptz not null default now();
				alter table booking add column status varchar(20) default 'NEW';
				alter table booking add column total numeric generated always as (nights * 2);
				"""))).isEmpty();
	}

	@Test
	void typeChangesRewriteUnlessTheyWidenAKnownType() {
		List<MigrationScript> scripts = List.of(
				script("V1__create.sql",
						"create table booking (id bigint, room varchar(20), amount numeric(10, 2), nights int);"),
				script("V2__widen.sql", """
						alter table booking alter column room type varchar(40);
						alter table booking alter column room type text;
						alter table booking alter column amount type numeric(12, 2);
						"""), script("V3__rewrite.sql", """
						alter table booking alter column nights type bigint;
						alter table booking alter column amount type numeric(12, 3);
						alter table booking alter column room type varchar(10);
						alter table unknown alter column name type varchar(100);
						"""));
		LintReport report = lint(OPTIONS, scripts.toArray(MigrationScript[]::new));
		assertThat(report.findings()).extracting(Finding::script, Finding::line)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("V3__rewrite.sql", 1),
					org.assertj.core.groups.Tuple.tuple("V3__rewrite.sql", 2),
					org.assertj.core.groups.Tuple.tuple("V3__rewrite.sql", 3),
					org.assertj.core.groups.Tuple.tuple("V3__rewrite.sql", 4));
		assertThat(report.findings().get(3).detail()).contains("not seen in earlier migrations");
	}

	@Test
	void setNotNullNeedsAValidatedCheckFirst() {
		assertThat(rules(OPTIONS, script("V2__not_null.sql", "alter table booking alter column room set not null;")))
			.containsExactly(LintRule.SET_NOT_NULL);
		assertThat(rules(OPTIONS,
				script("V2__check.sql",
						"alter table booking add constraint booking_room_nn check (room is not null) not valid;"),
				script("V3__validate.sql", "alter table booking validate constraint booking_room_nn;"),
				script("V4__not_null.sql",
						"alter table booking alter column room set not null;\nalter table booking drop constraint booking_room_nn;")))
			.isEmpty();
	}

	@Test
	void constraintsWithoutNotValidAndValidationInTheSameTransactionAreReported() {
		assertThat(rules(OPTIONS, script("V2__fk.sql", """
				alter table booking add constraint booking_guest_fk foreign key (guest_id) references guest (id);
				alter table booking add constraint booking_nights check (nights > 0);
				alter table booking add constraint booking_amount check (amount >= 0) not valid;
				alter table booking validate constraint booking_amount;
				"""))).containsExactly(LintRule.CONSTRAINT_NOT_VALID, LintRule.CONSTRAINT_NOT_VALID,
				LintRule.CONSTRAINT_NOT_VALID);
	}

	@Test
	void primaryKeysAndUniqueConstraintsMustUseAConcurrentlyBuiltIndex() {
		assertThat(rules(OPTIONS, script("V2__unique.sql", """
				alter table booking add constraint booking_code_key unique (code);
				alter table booking add primary key (id);
				alter table booking add constraint booking_code_key2 unique using index booking_code_idx;
				"""))).containsExactly(LintRule.CONSTRAINT_BUILDS_INDEX, LintRule.CONSTRAINT_BUILDS_INDEX);
	}

	@Test
	void renamesAndDropsOfExistingObjectsAreReported() {
		assertThat(rules(OPTIONS, script("V2__renames.sql", """
				alter table booking rename column room to room_number;
				alter table booking rename to reservation;
				alter table reservation drop column note;
				drop table if exists legacy_booking;
				drop index booking_room;
				"""))).containsExactly(LintRule.RENAME_COLUMN, LintRule.RENAME_TABLE, LintRule.DROP_COLUMN,
				LintRule.DROP_TABLE, LintRule.DROP_INDEX_NOT_CONCURRENTLY);
	}

	@Test
	void vacuumFullClusterReindexAndLockTableAreReported() {
		assertThat(rules(OPTIONS, script("V2__maintenance.sql", """
				vacuum (full, analyze) booking;
				vacuum analyze booking;
				cluster booking using booking_pkey;
				reindex index booking_room;
				reindex index concurrently booking_room;
				lock table booking;
				lock table booking in row exclusive mode;
				lock table booking in share mode;
				"""))).containsExactly(LintRule.VACUUM_FULL, LintRule.CLUSTER, LintRule.REINDEX_NOT_CONCURRENTLY,
				LintRule.CONCURRENTLY_IN_TRANSACTION, LintRule.LOCK_TABLE, LintRule.LOCK_TABLE);
	}

	@Test
	void aMissingLockTimeoutIsReportedOncePerScriptUnlessTheSessionHasOne() {
		MigrationScript script = script("V2__column.sql",
				"alter table booking add column note text;\nalter table booking add column note2 text;");
		assertThat(rules(LintOptions.defaults(), script)).containsExactly(LintRule.LOCK_TIMEOUT_MISSING);
		assertThat(rules(OPTIONS, script)).isEmpty();
		assertThat(rules(LintOptions.defaults(),
				script("V2__column.sql", "SET lock_timeout = '5s';\nalter table booking add column note text;")))
			.isEmpty();
		assertThat(rules(OPTIONS,
				script("V2__column.sql", "set lock_timeout to 0;\nalter table booking add column note text;")))
			.containsExactly(LintRule.LOCK_TIMEOUT_MISSING);
	}

	@Test
	void anAllowCommentWithAReasonSilencesItsRuleOnItsStatementOnly() {
		LintReport report = lint(OPTIONS, script("V2__drops.sql", """
				-- memguard:allow drop-column unmapped since release 1.4
				alter table booking drop column note;
				alter table booking drop column legacy; -- memguard:allow drop-column unmapped since 1.2
				alter table booking drop column other;
				/* memguard:allow drop-column */
				alter table booking drop column last;
				"""));
		assertThat(report.findings()).extracting(Finding::line).containsExactly(4, 6);
		assertThat(report.findings().get(1).detail()).contains("gives no reason");
	}

	@Test
	void excludedRulesAndMigrationsUpToStartAfterAreNotReported() {
		MigrationScript v1 = script("V1__drop.sql", "alter table booking drop column note;");
		MigrationScript v2 = script("V2__index.sql", "create index booking_room on booking (room);");
		assertThat(rules(OPTIONS.withStartAfter("1"), v1, v2)).containsExactly(LintRule.CREATE_INDEX_NOT_CONCURRENTLY);
		assertThat(rules(OPTIONS.withExcludedRules(Set.of(LintRule.DROP_COLUMN)), v1, v2))
			.containsExactly(LintRule.CREATE_INDEX_NOT_CONCURRENTLY);
	}

	@Test
	void stringsCommentsAndDollarQuotedBodiesDoNotHideOrFakeStatements() {
		assertThat(rules(OPTIONS,
				script("R__functions.sql",
						"""
								create or replace function touch() returns trigger language plpgsql as $body$
								begin
								  execute 'create index x on booking (room); drop table booking;';
								  return new;
								end;
								$body$;
								/* create index y on booking (room); /* nested */ still a comment; */
								insert into note (body) values ('it''s; create index z on booking (room)'), (E'\\'; drop table booking');
								create function add(a int, b int) returns int language sql begin atomic select a + b; end;
								create index real_one on booking (room);
								""")))
			.containsExactly(LintRule.CREATE_INDEX_NOT_CONCURRENTLY);
	}

	@Test
	void placeholdersAreReplacedAndAMissingValueIsAProblem() {
		MigrationScript script = script("V2__index.sql",
				"create index ${concurrently} booking_amount on ${schema}.booking (amount);");
		assertThat(new MigrationLinter(
				OPTIONS.withPlaceholder("concurrently", "CONCURRENTLY").withPlaceholder("schema", "app"))
			.lint(List.of(script))
			.isClean()).isTrue();
		LintReport missing = new MigrationLinter(OPTIONS.withPlaceholder("schema", "app")).lint(List.of(script));
		assertThat(missing.problems()).singleElement().asString().contains("${concurrently}");
	}

	@Test
	void anUnterminatedStringIsAProblemWithItsLine() {
		LintReport report = lint(OPTIONS, script("V2__broken.sql", "select 1;\nselect 'oops;"));
		assertThat(report.problems()).containsExactly("V2__broken.sql:2 unterminated string literal");
	}

	@Test
	void migrationsAreReadInFlywayOrder() {
		List<MigrationScript> scripts = new java.util.ArrayList<>(
				List.of(script("R__views.sql", "select 1;"), script("V1_10__c.sql", "select 1;"),
						script("V1_9__b.sql", "select 1;"), script("V1__a.sql", "select 1;")));
		scripts.sort(MigrationScript.FLYWAY_ORDER);
		assertThat(scripts).extracting(MigrationScript::name)
			.containsExactly("V1__a.sql", "V1_9__b.sql", "V1_10__c.sql", "R__views.sql");
	}

	private static List<LintRule> rules(LintOptions options, MigrationScript... scripts) {
		return lint(options, scripts).findings().stream().map(Finding::rule).toList();
	}

	private static LintReport lint(LintOptions options, MigrationScript... scripts) {
		LintReport report = new MigrationLinter(options).lint(Arrays.asList(scripts));
		assertThat(report.problems()).as("problems")
			.allMatch((problem) -> problem.contains("placeholder") || problem.contains("unterminated"));
		return report;
	}

	private static MigrationScript script(String name, String sql) {
		return MigrationScripts.parse(name, sql, MigrationScripts.Naming.FLYWAY_DEFAULTS);
	}

}
