package io.memguard.schema.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the statements of one migration, in order, against the rules, keeping track of
 * the tables the migration creates (exempt: they are new and empty) and of its
 * {@code lock_timeout}.
 */
final class ScriptChecker {

	private static final Pattern ALLOW = Pattern.compile("memguard:allow\\s+(\\S+)(?:\\s+(.*))?", Pattern.DOTALL);

	private static final Pattern DIRECTIVE = Pattern
		.compile("(?m)^\\s*--\\s*flyway[:.](executeInTransaction)\\s*=\\s*(true|false)\\b", Pattern.CASE_INSENSITIVE);

	private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of("constraint", "not", "null", "default", "primary",
			"unique", "references", "check", "generated", "collate");

	private static final Set<String> VOLATILE_FUNCTIONS = Set.of("random", "clock_timestamp", "timeofday",
			"gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7",
			"nextval", "txid_current", "random_normal");

	private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4",
			"serial8");

	private static final Set<String> WRITE_BLOCKING_LOCK_MODES = Set.of("share", "share row exclusive", "exclusive",
			"access exclusive");

	private final MigrationScript script;

	private final SchemaState state;

	private final LintOptions options;

	private final Set<String> createdTables = new HashSet<>();

	private final Set<String> constraintsAddedNotValid = new HashSet<>();

	private final List<SqlStatement> concurrentStatements = new ArrayList<>();

	private final List<Finding> findings = new ArrayList<>();

	private final List<SqlStatement> findingStatements = new ArrayList<>();

	private LockTimeout lockTimeout;

	private boolean lockTimeoutReported;

	private boolean explicitTransaction;

	private boolean concurrentInExplicitTransaction;

	private boolean nonTransactionalStatement;

	private int statementCount;

	private SqlStatement current;

	ScriptChecker(MigrationScript script, SchemaState state, LintOptions options) {
		this.script = script;
		this.state = state;
		this.options = options;
		this.lockTimeout = options.sessionLockTimeout() ? LockTimeout.SET : LockTimeout.UNSET;
	}

	/**
	 * Checks the statements of the script.
	 * @param sql the script, placeholders replaced
	 * @return the findings not allowed by a comment, in order
	 */
	List<Finding> check(String sql) {
		List<SqlStatement> statements = SqlStatement.split(sql);
		for (SqlStatement statement : statements) {
			this.current = statement;
			this.statementCount++;
			statement(statement, new TokenCursor(statement.tokens()));
		}
		checkConcurrentStatements(directive(sql));
		List<Finding> reported = new ArrayList<>();
		for (int i = 0; i < this.findings.size(); i++) {
			Finding finding = this.findings.get(i);
			Finding allowedOrNot = applyAllowComments(finding, this.findingStatements.get(i));
			if (allowedOrNot != null && !this.options.excludedRules().contains(finding.rule())) {
				reported.add(allowedOrNot);
			}
		}
		reported.sort(Comparator.comparingInt(Finding::line));
		return reported;
	}

	private void statement(SqlStatement statement, TokenCursor tokens) {
		if (tokens.accept("create")) {
			create(tokens);
		}
		else if (tokens.accept("alter", "table")) {
			alterTable(tokens);
		}
		else if (tokens.accept("drop", "index")) {
			dropIndex(tokens);
		}
		else if (tokens.accept("drop", "table")) {
			dropTable(tokens);
		}
		else if (tokens.accept("reindex")) {
			reindex(tokens);
		}
		else if (tokens.accept("vacuum")) {
			vacuum(tokens);
		}
		else if (tokens.accept("cluster")) {
			cluster(tokens);
		}
		else if (tokens.accept("lock")) {
			lock(tokens);
		}
		else if (tokens.accept("truncate")) {
			tokens.accept("table");
			tokens.accept("only");
			tokens.splitAtTopLevelCommas()
				.forEach((part) -> waitsForBlockingLock(new TokenCursor(part).name(), statement.line()));
		}
		else if (tokens.accept("set") || tokens.accept("reset")) {
			setting(statement);
		}
		else if (tokens.accept("begin") || tokens.accept("start", "transaction")) {
			this.explicitTransaction = true;
		}
		else if (tokens.accept("commit") || tokens.accept("end") || tokens.accept("rollback")) {
			this.explicitTransaction = false;
		}
		else if (tokens.peekWord("alter", "system")) {
			this.nonTransactionalStatement = true;
		}
	}

	private void create(TokenCursor tokens) {
		tokens.accept("or", "replace");
		boolean unique = tokens.accept("unique");
		if (tokens.accept("index")) {
			createIndex(tokens, unique);
			return;
		}
		while (tokens.accept("global") || tokens.accept("local") || tokens.accept("temp") || tokens.accept("temporary")
				|| tokens.accept("unlogged")) {
			// table options that make no difference here
		}
		if (tokens.accept("table")) {
			createTable(tokens);
		}
		else if (tokens.accept("constraint", "trigger") || tokens.accept("trigger")) {
			tokens.name();
			tokens.until(Set.of("on"));
			tokens.accept("on");
			waitsForBlockingLock(tokens.name(), this.current.line());
		}
		else if (tokens.accept("database") || tokens.accept("tablespace")) {
			this.nonTransactionalStatement = true;
		}
	}

	private void createIndex(TokenCursor tokens, boolean unique) {
		boolean concurrently = tokens.accept("concurrently");
		tokens.accept("if", "not", "exists");
		String index = tokens.peekWord("on") ? null : tokens.name();
		tokens.accept("on");
		tokens.accept("only");
		String table = tokens.name();
		this.state.index(index, table);
		if (concurrently) {
			concurrent();
		}
		else if (isExisting(table)) {
			report(LintRule.CREATE_INDEX_NOT_CONCURRENTLY, this.current.line(),
					"CREATE " + (unique ? "UNIQUE " : "") + "INDEX on existing table " + table);
			waitsForBlockingLock(table, this.current.line());
		}
	}

	private void createTable(TokenCursor tokens) {
		tokens.accept("if", "not", "exists");
		String table = tokens.name();
		if (table == null) {
			return;
		}
		this.createdTables.add(table);
		TokenCursor definitions = new TokenCursor(tokens.parenthesized());
		for (List<SqlToken> element : definitions.splitAtTopLevelCommas()) {
			TokenCursor cursor = new TokenCursor(element);
			if (cursor.peek() != null && cursor.peek().isName() && !isTableConstraintStart(cursor)
					&& !cursor.peekWord("like")) {
				String column = cursor.name();
				this.state.column(table, column, ColumnType.of(cursor.until(COLUMN_CONSTRAINT_WORDS)));
			}
		}
	}

	private void alterTable(TokenCursor tokens) {
		if (tokens.peekWord("all")) {
			return;
		}
		tokens.accept("if", "exists");
		tokens.accept("only");
		String table = tokens.name();
		if (tokens.peek() != null && tokens.peek().isSymbol("*")) {
			tokens.next();
		}
		if (table == null) {
			return;
		}
		boolean blocking = false;
		int firstLine = tokens.line();
		for (List<SqlToken> action : tokens.splitAtTopLevelCommas()) {
			if (action.isEmpty()) {
				continue;
			}
			TokenCursor cursor = new TokenCursor(action);
			int line = action.get(0).line();
			if (!cursor.peekWord("validate") && !cursor.peekWord("owner")) {
				blocking = true;
			}
			if (cursor.accept("add")) {
				add(table, cursor, line);
			}
			else if (cursor.accept("drop")) {
				drop(table, cursor, line);
			}
			else if (cursor.accept("alter")) {
				alterColumn(table, cursor, line);
			}
			else if (cursor.accept("validate", "constraint")) {
				validate(table, cursor.name(), line);
			}
			else if (cursor.accept("rename")) {
				rename(table, cursor, line);
			}
		}
		if (blocking) {
			waitsForBlockingLock(table, firstLine);
		}
	}

	private void add(String table, TokenCursor tokens, int line) {
		if (isTableConstraintStart(tokens) || tokens.peekWord("not", "null")) {
			addConstraint(table, tokens, line);
			return;
		}
		tokens.accept("column");
		tokens.accept("if", "not", "exists");
		String column = tokens.name();
		if (column == null) {
			return;
		}
		ColumnType type = ColumnType.of(tokens.until(COLUMN_CONSTRAINT_WORDS));
		this.state.column(table, column, type);
		if (!isExisting(table)) {
			return;
		}
		String rewrite = null;
		if (SERIAL_TYPES.contains(type.name())) {
			rewrite = "a " + type.name() + " column (its default is nextval())";
		}
		boolean constraintBuildsIndex = false;
		while (!tokens.atEnd()) {
			if (tokens.accept("default")) {
				String function = volatileFunction(tokens.until(COLUMN_CONSTRAINT_WORDS));
				if (function != null) {
					rewrite = "a default of " + function + "(), which is volatile";
				}
			}
			else if (tokens.accept("generated")) {
				List<SqlToken> generation = tokens.until(Set.of("constraint", "not", "null", "primary", "unique",
						"references", "check", "default", "collate"));
				boolean identity = generation.stream().anyMatch((token) -> token.isWord("identity"));
				boolean stored = generation.stream().anyMatch((token) -> token.isWord("stored"));
				if (identity || stored) {
					rewrite = identity ? "an identity column" : "a stored generated column";
				}
			}
			else if (tokens.accept("primary", "key") || tokens.accept("unique")) {
				constraintBuildsIndex = true;
			}
			else {
				tokens.next();
			}
		}
		if (rewrite != null) {
			report(LintRule.ADD_COLUMN_VOLATILE_DEFAULT, line,
					"ADD COLUMN " + column + " to existing table " + table + " with " + rewrite);
		}
		if (constraintBuildsIndex) {
			report(LintRule.CONSTRAINT_BUILDS_INDEX, line,
					"ADD COLUMN " + column + " PRIMARY KEY/UNIQUE builds an index on existing table " + table);
		}
	}

	private void addConstraint(String table, TokenCursor tokens, int line) {
		String constraint = tokens.accept("constraint") ? tokens.name() : null;
		boolean notValid = tokens.containsAtTopLevel("not", "valid");
		boolean existing = isExisting(table);
		if (tokens.accept("check")) {
			String notNullColumn = notNullColumn(tokens.parenthesized());
			if (notNullColumn != null) {
				this.state.notNullCheck(table, constraint, notNullColumn, !notValid);
			}
			addValidatingConstraint(table, constraint, notValid, line, "CHECK");
		}
		else if (tokens.accept("foreign", "key")) {
			addValidatingConstraint(table, constraint, notValid, line, "FOREIGN KEY");
		}
		else if (tokens.accept("not", "null")) {
			String column = tokens.name();
			this.state.notNullCheck(table, constraint, column, !notValid);
			if (!notValid && existing && !this.state.isKnownNotNull(table, column)) {
				report(LintRule.SET_NOT_NULL, line, "ADD CONSTRAINT ... NOT NULL " + column + " on existing table "
						+ table + " scans the table (add it NOT VALID and VALIDATE it later)");
			}
			else if (notValid) {
				this.constraintsAddedNotValid.add(constraint);
			}
		}
		else if (tokens.peekWord("primary") || tokens.peekWord("unique") || tokens.peekWord("exclude")) {
			String kind = tokens.next().text().toUpperCase(Locale.ROOT);
			if (existing && !tokens.containsAtTopLevel("using", "index")) {
				report(LintRule.CONSTRAINT_BUILDS_INDEX, line, "ADD " + ("PRIMARY".equals(kind) ? "PRIMARY KEY" : kind)
						+ " builds its index under the table lock of existing table " + table);
			}
		}
	}

	private void addValidatingConstraint(String table, String constraint, boolean notValid, int line, String kind) {
		if (notValid) {
			this.constraintsAddedNotValid.add(constraint);
		}
		else if (isExisting(table)) {
			report(LintRule.CONSTRAINT_NOT_VALID, line,
					"ADD " + kind + " without NOT VALID checks every row of existing table " + table);
		}
	}

	private void drop(String table, TokenCursor tokens, int line) {
		if (tokens.peekWord("constraint") || tokens.peekWord("default") || tokens.peekWord("not")) {
			return;
		}
		tokens.accept("column");
		tokens.accept("if", "exists");
		String column = tokens.name();
		if (column == null) {
			return;
		}
		this.state.dropColumn(table, column);
		if (isExisting(table)) {
			report(LintRule.DROP_COLUMN, line, "DROP COLUMN " + column + " of existing table " + table);
		}
	}

	private void alterColumn(String table, TokenCursor tokens, int line) {
		if (tokens.peekWord("constraint")) {
			return;
		}
		tokens.accept("column");
		String column = tokens.name();
		if (tokens.accept("set", "data", "type") || tokens.accept("type")) {
			ColumnType type = ColumnType.of(tokens.until(Set.of("collate", "using")));
			boolean using = tokens.containsAtTopLevel("using");
			ColumnType previous = this.state.columnType(table, column);
			this.state.column(table, column, type);
			if (isExisting(table) && (using || previous == null || !previous.widensTo(type))) {
				String from = (previous != null) ? previous.toString()
						: "its current type (not seen in earlier migrations)";
				report(LintRule.ALTER_COLUMN_TYPE, line,
						"ALTER COLUMN " + column + " TYPE " + type + " on existing table " + table + " from " + from
								+ (using ? " with USING" : "") + " rewrites the table");
			}
		}
		else if (tokens.accept("set", "not", "null") && isExisting(table)
				&& !this.state.isKnownNotNull(table, column)) {
			report(LintRule.SET_NOT_NULL, line, "SET NOT NULL on " + table + "." + column + " with no validated CHECK ("
					+ column + " IS NOT NULL) in earlier migrations");
		}
	}

	private void validate(String table, String constraint, int line) {
		this.state.validated(table, constraint);
		if (this.constraintsAddedNotValid.contains(constraint) && runsInTransaction()) {
			report(LintRule.CONSTRAINT_NOT_VALID, line, "VALIDATE CONSTRAINT " + constraint
					+ " in the same transaction as its ADD ... NOT VALID: the ADD's lock is held through the scan");
		}
	}

	private void rename(String table, TokenCursor tokens, int line) {
		if (tokens.accept("to")) {
			String to = tokens.name();
			this.state.renameTable(table, to);
			if (isExisting(table)) {
				report(LintRule.RENAME_TABLE, line, "RENAME existing table " + table + " TO " + to);
			}
			return;
		}
		if (tokens.accept("constraint")) {
			return;
		}
		tokens.accept("column");
		String from = tokens.name();
		tokens.accept("to");
		String to = tokens.name();
		this.state.renameColumn(table, from, to);
		if (isExisting(table)) {
			report(LintRule.RENAME_COLUMN, line, "RENAME COLUMN " + from + " TO " + to + " of existing table " + table);
		}
	}

	private void dropIndex(TokenCursor tokens) {
		boolean concurrently = tokens.accept("concurrently");
		tokens.accept("if", "exists");
		if (concurrently) {
			concurrent();
			return;
		}
		for (List<SqlToken> part : tokens.splitAtTopLevelCommas()) {
			String index = new TokenCursor(part).name();
			String table = this.state.indexTable(index);
			if (table == null || isExisting(table)) {
				report(LintRule.DROP_INDEX_NOT_CONCURRENTLY, this.current.line(), "DROP INDEX " + index + " on "
						+ ((table != null) ? "existing table " + table : "a table this migration did not create"));
				waitsForBlockingLock(table, this.current.line());
			}
		}
	}

	private void dropTable(TokenCursor tokens) {
		tokens.accept("if", "exists");
		for (List<SqlToken> part : tokens.splitAtTopLevelCommas()) {
			String table = new TokenCursor(part).name();
			this.state.dropTable(table);
			if (isExisting(table)) {
				report(LintRule.DROP_TABLE, this.current.line(), "DROP TABLE " + table);
				waitsForBlockingLock(table, this.current.line());
			}
		}
	}

	private void reindex(TokenCursor tokens) {
		List<SqlToken> options = tokens.parenthesized();
		String kind = tokens.atEnd() ? "" : tokens.next().text();
		boolean concurrently = tokens.accept("concurrently")
				|| options.stream().anyMatch((token) -> token.isWord("concurrently"));
		String name = tokens.name();
		if (concurrently) {
			concurrent();
			return;
		}
		String table = switch (kind) {
			case "index" -> this.state.indexTable(name);
			case "table" -> name;
			default -> null;
		};
		if (table == null || isExisting(table)) {
			report(LintRule.REINDEX_NOT_CONCURRENTLY, this.current.line(),
					"REINDEX " + kind.toUpperCase(Locale.ROOT) + " " + name + " without CONCURRENTLY");
			waitsForBlockingLock(table, this.current.line());
		}
	}

	private void vacuum(TokenCursor tokens) {
		this.nonTransactionalStatement = true;
		boolean full = false;
		List<SqlToken> options = tokens.parenthesized();
		for (int i = 0; i < options.size(); i++) {
			SqlToken next = (i + 1 < options.size()) ? options.get(i + 1) : null;
			if (options.get(i).isWord("full") && (next == null || !isFalse(next))) {
				full = true;
			}
		}
		while (tokens.peekWord("full") || tokens.peekWord("freeze") || tokens.peekWord("verbose")
				|| tokens.peekWord("analyze") || tokens.peekWord("analyse")) {
			full |= tokens.next().isWord("full");
		}
		List<String> tables = tables(tokens);
		if (full && (tables.isEmpty() || tables.stream().anyMatch(this::isExisting))) {
			report(LintRule.VACUUM_FULL, this.current.line(),
					"VACUUM FULL " + (tables.isEmpty() ? "of every table" : String.join(", ", tables)));
		}
	}

	private void cluster(TokenCursor tokens) {
		tokens.parenthesized();
		tokens.accept("verbose");
		String table = tokens.name();
		if (table == null || isExisting(table)) {
			report(LintRule.CLUSTER, this.current.line(),
					"CLUSTER " + ((table != null) ? "existing table " + table : "of every clustered table"));
			waitsForBlockingLock(table, this.current.line());
		}
	}

	private void lock(TokenCursor tokens) {
		tokens.accept("table");
		tokens.accept("only");
		List<String> tables = new ArrayList<>();
		String table = tokens.name();
		while (table != null) {
			tables.add(table);
			if (tokens.peek() != null && tokens.peek().isSymbol("*")) {
				tokens.next();
			}
			table = (tokens.peek() != null && tokens.peek().isSymbol(",")) ? nextName(tokens) : null;
		}
		String mode = "access exclusive";
		if (tokens.accept("in")) {
			List<String> words = new ArrayList<>();
			while (!tokens.atEnd() && !tokens.peekWord("mode")) {
				words.add(tokens.next().text());
			}
			mode = String.join(" ", words);
		}
		List<String> existing = tables.stream().filter(this::isExisting).toList();
		if (WRITE_BLOCKING_LOCK_MODES.contains(mode) && !existing.isEmpty()) {
			report(LintRule.LOCK_TABLE, this.current.line(),
					"LOCK TABLE " + String.join(", ", existing) + " IN " + mode.toUpperCase(Locale.ROOT) + " MODE");
			waitsForBlockingLock(existing.get(0), this.current.line());
		}
	}

	private static String nextName(TokenCursor tokens) {
		tokens.next();
		tokens.accept("only");
		return tokens.name();
	}

	private void setting(SqlStatement statement) {
		TokenCursor tokens = new TokenCursor(statement.tokens());
		boolean reset = tokens.accept("reset");
		if (!reset) {
			tokens.accept("set");
			tokens.accept("session");
			tokens.accept("local");
		}
		if (!tokens.accept("lock_timeout")) {
			return;
		}
		if (tokens.peek() != null && (tokens.peek().isWord("to") || tokens.peek().isSymbol("="))) {
			tokens.next();
		}
		if (reset || tokens.accept("default")) {
			this.lockTimeout = this.options.sessionLockTimeout() ? LockTimeout.SET : LockTimeout.UNSET;
			return;
		}
		String value = tokens.atEnd() ? "" : tokens.next().text().replace("'", "").strip();
		this.lockTimeout = value.matches("0+\\s*(ms|s|min|h|d)?") ? LockTimeout.DISABLED : LockTimeout.SET;
	}

	/**
	 * Notes a statement that waits for a lock blocking reads or writes of the table: the
	 * first of them in a script without a {@code lock_timeout} is a finding.
	 */
	private void waitsForBlockingLock(String table, int line) {
		if (this.lockTimeout == LockTimeout.SET || this.lockTimeoutReported || (table != null && !isExisting(table))) {
			return;
		}
		this.lockTimeoutReported = true;
		report(LintRule.LOCK_TIMEOUT_MISSING, line,
				(this.lockTimeout == LockTimeout.DISABLED)
						? "the script sets lock_timeout to 0 before this statement, which waits for a lock on "
								+ describeTable(table)
						: "this statement waits for a lock on " + describeTable(table)
								+ " and nothing sets lock_timeout before it");
	}

	private static String describeTable(String table) {
		return (table != null) ? "existing table " + table : "existing tables";
	}

	private void concurrent() {
		this.nonTransactionalStatement = true;
		this.concurrentStatements.add(this.current);
		if (this.explicitTransaction) {
			this.concurrentInExplicitTransaction = true;
		}
	}

	private void checkConcurrentStatements(Boolean directive) {
		Boolean configured = (this.script.executeInTransaction() != null) ? this.script.executeInTransaction()
				: directive;
		for (SqlStatement statement : this.concurrentStatements) {
			String reason = null;
			if (Boolean.TRUE.equals(configured)) {
				reason = "the script sets executeInTransaction=true";
			}
			else if (this.concurrentInExplicitTransaction) {
				reason = "the script opens a transaction (BEGIN) before it";
			}
			else if (this.statementCount > 1) {
				reason = "the script has " + (this.statementCount - 1) + " other statement(s)";
			}
			if (reason != null) {
				this.current = statement;
				report(LintRule.CONCURRENTLY_IN_TRANSACTION, statement.line(),
						"CONCURRENTLY cannot run in a transaction, and " + reason);
			}
		}
	}

	private boolean runsInTransaction() {
		if (this.script.executeInTransaction() != null) {
			return this.script.executeInTransaction();
		}
		return !this.nonTransactionalStatement && this.options.executeInTransaction();
	}

	private static Boolean directive(String sql) {
		Matcher matcher = DIRECTIVE.matcher(sql);
		return matcher.find() ? Boolean.valueOf(matcher.group(2)) : null;
	}

	private boolean isExisting(String table) {
		return table == null || !this.createdTables.contains(table);
	}

	private void report(LintRule rule, int line, String detail) {
		this.findings.add(new Finding(this.script.name(), line, rule, this.current.text(), detail));
		this.findingStatements.add(this.current);
	}

	private Finding applyAllowComments(Finding finding, SqlStatement statement) {
		for (SqlComment comment : statement.comments()) {
			Matcher matcher = ALLOW.matcher(comment.text());
			if (matcher.lookingAt() && matcher.group(1).equals(finding.rule().id())) {
				String reason = matcher.group(2);
				if (reason != null && !reason.isBlank()) {
					return null;
				}
				return new Finding(finding.script(), finding.line(), finding.rule(), finding.statement(),
						finding.detail() + " (its memguard:allow comment gives no reason, so it does not count)");
			}
		}
		return finding;
	}

	private static List<String> tables(TokenCursor tokens) {
		List<String> tables = new ArrayList<>();
		for (List<SqlToken> part : tokens.splitAtTopLevelCommas()) {
			String table = new TokenCursor(part).name();
			if (table != null) {
				tables.add(table);
			}
		}
		return tables;
	}

	private static boolean isTableConstraintStart(TokenCursor tokens) {
		return tokens.peekWord("constraint") || tokens.peekWord("check") || tokens.peekWord("foreign")
				|| tokens.peekWord("primary") || tokens.peekWord("unique") || tokens.peekWord("exclude");
	}

	private static boolean isFalse(SqlToken token) {
		return token.isWord("false") || token.isWord("off")
				|| (token.type() == SqlToken.Type.NUMBER && token.text().equals("0"));
	}

	/**
	 * The column of a {@code CHECK (column IS NOT NULL)} expression.
	 */
	private static String notNullColumn(List<SqlToken> expression) {
		List<SqlToken> tokens = new ArrayList<>(expression);
		while (tokens.size() > 2 && tokens.get(0).isSymbol("(") && tokens.get(tokens.size() - 1).isSymbol(")")) {
			tokens = tokens.subList(1, tokens.size() - 1);
		}
		if (tokens.size() == 4 && tokens.get(0).isName() && tokens.get(1).isWord("is") && tokens.get(2).isWord("not")
				&& tokens.get(3).isWord("null")) {
			return tokens.get(0).text();
		}
		return null;
	}

	private static String volatileFunction(List<SqlToken> expression) {
		for (int i = 0; i + 1 < expression.size(); i++) {
			SqlToken token = expression.get(i);
			if (token.type() == SqlToken.Type.WORD && VOLATILE_FUNCTIONS.contains(token.text())
					&& expression.get(i + 1).isSymbol("(")) {
				return token.text();
			}
		}
		return null;
	}

	private enum LockTimeout {

		UNSET, SET, DISABLED

	}

}
