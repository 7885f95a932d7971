package io.memguard.schema.lint;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The statements the linter reports, each with the lock it takes (and what that lock
 * blocks) and the safe way to reach the same schema. Every rule is demonstrated against a
 * real PostgreSQL 18 by {@code LockRulesPostgresTests}.
 */
public enum LintRule {

	/**
	 * {@code CREATE INDEX} without {@code CONCURRENTLY} on an existing table.
	 */
	CREATE_INDEX_NOT_CONCURRENTLY(
			"SHARE lock on the table for the whole index build: every INSERT, UPDATE and DELETE"
					+ " waits until the index is built (reads go on)",
			"CREATE INDEX CONCURRENTLY, alone in its migration so that Flyway runs it outside a transaction; if it"
					+ " fails, drop the INVALID index it leaves (DROP INDEX CONCURRENTLY) and run it again"),

	/**
	 * {@code DROP INDEX} without {@code CONCURRENTLY} of an index on an existing table.
	 */
	DROP_INDEX_NOT_CONCURRENTLY(
			"ACCESS EXCLUSIVE lock on the index's table: it waits behind every running query on the table, and"
					+ " every read and write queues behind it",
			"DROP INDEX CONCURRENTLY, alone in its migration (Flyway then runs it outside a transaction)"),

	/**
	 * {@code REINDEX} without {@code CONCURRENTLY}.
	 */
	REINDEX_NOT_CONCURRENTLY(
			"SHARE lock on the table (writes wait) and ACCESS EXCLUSIVE on the rebuilt indexes (queries that plan"
					+ " with them wait) for the whole rebuild",
			"REINDEX ... CONCURRENTLY, alone in its migration (Flyway then runs it outside a transaction)"),

	/**
	 * A {@code CONCURRENTLY} statement in a migration that runs in a transaction, or
	 * mixed with other statements.
	 */
	CONCURRENTLY_IN_TRANSACTION(
			"PostgreSQL refuses CONCURRENTLY inside a transaction block (SQLState 25001), so the deployment fails;"
					+ " mixed with other statements, Flyway refuses the script unless spring.flyway.mixed=true,"
					+ " and then runs all of it outside a transaction, so a failure leaves it half applied",
			"one CONCURRENTLY statement per migration, with no other statement and no executeInTransaction=true"),

	/**
	 * {@code ADD COLUMN} whose default is volatile (or a serial, identity or stored
	 * generated column) on an existing table.
	 */
	ADD_COLUMN_VOLATILE_DEFAULT(
			"ACCESS EXCLUSIVE lock while the whole table is rewritten to store a value per row: every read and"
					+ " write waits for the rewrite",
			"add the column without a default (or with a constant one: PostgreSQL 11+ stores it without a"
					+ " rewrite), then SET DEFAULT for new rows, then backfill existing rows in batches of a few"
					+ " thousand, each in its own transaction"),

	/**
	 * {@code ALTER COLUMN ... TYPE} that rewrites the table.
	 */
	ALTER_COLUMN_TYPE(
			"ACCESS EXCLUSIVE lock while the table is rewritten and its indexes rebuilt: every read and write"
					+ " waits (only widening varchar/numeric/varbit or varchar to text skips the rewrite)",
			"add a new column of the new type, write both from the application, backfill in batches, switch"
					+ " reads to the new column, then drop the old one in a later release"),

	/**
	 * {@code SET NOT NULL} (or a {@code NOT NULL} constraint) on an existing column
	 * without a validated {@code CHECK (column IS NOT NULL)} first.
	 */
	SET_NOT_NULL(
			"ACCESS EXCLUSIVE lock while the whole table is scanned for nulls: every read and write waits for"
					+ " the scan",
			"ADD CONSTRAINT ... CHECK (column IS NOT NULL) NOT VALID; then, in another migration, VALIDATE"
					+ " CONSTRAINT (SHARE UPDATE EXCLUSIVE: reads and writes go on); then SET NOT NULL, which uses"
					+ " the validated check instead of scanning, and DROP CONSTRAINT the check"),

	/**
	 * A foreign key or check constraint added without {@code NOT VALID}.
	 */
	CONSTRAINT_NOT_VALID(
			"the existing rows are checked under the lock the constraint takes: a CHECK holds ACCESS EXCLUSIVE"
					+ " (reads and writes wait), a FOREIGN KEY holds SHARE ROW EXCLUSIVE on both tables (writes"
					+ " wait) for the whole scan",
			"ADD CONSTRAINT ... NOT VALID (checks new rows only, no scan), then VALIDATE CONSTRAINT in a later"
					+ " migration: it scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on"),

	/**
	 * {@code ADD PRIMARY KEY}, {@code UNIQUE} or {@code EXCLUDE} that builds its index
	 * under the table lock.
	 */
	CONSTRAINT_BUILDS_INDEX(
			"ACCESS EXCLUSIVE lock while the constraint's index is built: every read and write waits for the"
					+ " build",
			"CREATE UNIQUE INDEX CONCURRENTLY in its own migration, then ADD CONSTRAINT ... PRIMARY KEY / UNIQUE"
					+ " USING INDEX, which only takes the lock for an instant (an EXCLUDE constraint has no such"
					+ " path: add it while the table is small or in a maintenance window)"),

	/**
	 * {@code RENAME COLUMN} of a column the running version may still use.
	 */
	RENAME_COLUMN("the running version of the application still names the old column: its queries fail (42703) from"
			+ " the moment the migration commits until it is replaced (and the rename takes ACCESS" + " EXCLUSIVE)",
			"add the new column, write both, backfill, switch reads, and drop the old column in a later release"
					+ " (or keep the old name in the database and map it with @Column(name = ...))"),

	/**
	 * {@code RENAME TO} of a table the running version may still use.
	 */
	RENAME_TABLE(
			"the running version of the application still names the old table: its queries fail (42P01) until"
					+ " it is replaced (and the rename takes ACCESS EXCLUSIVE)",
			"rename and, in the same migration, CREATE VIEW old_name AS SELECT * FROM new_name (a simple view"
					+ " accepts the old version's reads and writes); drop the view in a later release"),

	/**
	 * {@code DROP COLUMN} of a column the running version may still use.
	 */
	DROP_COLUMN(
			"the running version of the application still selects and inserts the column (Hibernate names every"
					+ " mapped column): its queries fail (42703) until it is replaced",
			"release a version that no longer maps the column first (remove the field), then drop it in a later"
					+ " migration, with -- memguard:allow drop-column <release that stopped using it>"),

	/**
	 * {@code DROP TABLE} of a table the running version may still use.
	 */
	DROP_TABLE(
			"the running version of the application may still query the table: its queries fail (42P01) until"
					+ " it is replaced (and the drop waits for ACCESS EXCLUSIVE behind every running query)",
			"release a version that no longer uses the table first, then drop it in a later migration, with"
					+ " -- memguard:allow drop-table <release that stopped using it>"),

	/**
	 * {@code VACUUM FULL}.
	 */
	VACUUM_FULL("ACCESS EXCLUSIVE lock while the whole table is rewritten: every read and write waits",
			"plain VACUUM (SHARE UPDATE EXCLUSIVE: reads and writes go on) or, to give space back to the"
					+ " operating system, pg_repack / pg_squeeze outside the migration"),

	/**
	 * {@code CLUSTER}.
	 */
	CLUSTER("ACCESS EXCLUSIVE lock while the whole table is rewritten in index order: every read and write waits",
			"no migration equivalent: order the table online with pg_repack --order-by outside the migration, or"
					+ " rely on the index"),

	/**
	 * {@code LOCK TABLE} in a mode that blocks writes (or reads).
	 */
	LOCK_TABLE(
			"the explicit lock is held until the migration commits: SHARE and stronger modes block writes, ACCESS"
					+ " EXCLUSIVE (the default) and EXCLUSIVE block reads too",
			"lock only the rows the migration changes (UPDATE, or SELECT ... FOR UPDATE in small batches), never"
					+ " the table"),

	/**
	 * A statement waiting for a lock on an existing table with no {@code lock_timeout}.
	 */
	LOCK_TIMEOUT_MISSING(
			"without lock_timeout the statement waits behind any long query on the table, and while it waits"
					+ " every later read and write of the table queues behind it (the lock queue): a short ALTER"
					+ " becomes an outage",
			"SET lock_timeout = '5s' at the top of the migration (Memguard's own migration sessions set"
					+ " memguard.schema.migration-lock-timeout and retry), and retry the migration when it times"
					+ " out");

	private final String locks;

	private final String recipe;

	LintRule(String locks, String recipe) {
		this.locks = locks;
		this.recipe = recipe;
	}

	/**
	 * The rule's identifier, as written in {@code -- memguard:allow} comments and
	 * {@code memguard.schema.lint.excluded-rules}, such as {@code set-not-null}.
	 * @return the identifier
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Why the statement blocks: which lock, and what it blocks.
	 * @return the explanation
	 */
	public String locks() {
		return this.locks;
	}

	/**
	 * The safe way to reach the same schema.
	 * @return the recipe
	 */
	public String recipe() {
		return this.recipe;
	}

	/**
	 * The rule with the given identifier.
	 * @param id an identifier such as {@code set-not-null}
	 * @return the rule, or empty when there is none
	 */
	public static Optional<LintRule> fromId(String id) {
		return Arrays.stream(values()).filter((rule) -> rule.id().equals(id)).findFirst();
	}

	@Override
	public String toString() {
		return id();
	}

}
