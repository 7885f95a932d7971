package io.memguard.schema.lint;

/**
 * A statement of a migration that blocks production traffic or breaks the running version
 * of the application.
 *
 * @param script the migration's file name
 * @param line the 1-based line of the statement (of the clause, in a multi-clause
 * {@code ALTER TABLE})
 * @param rule the rule it breaks
 * @param statement the statement as written
 * @param detail what the statement does to which table
 */
public record Finding(String script, int line, LintRule rule, String statement, String detail) {

	/**
	 * The finding on several lines: where, what, which lock and what it blocks, and the
	 * safe recipe.
	 * @return the description
	 */
	public String describe() {
		return this.script + ":" + this.line + " [" + this.rule.id() + "] " + this.detail + "\n    statement: "
				+ excerpt(this.statement) + "\n    blocks:    " + this.rule.locks() + "\n    instead:   "
				+ this.rule.recipe() + "\n    or allow:  -- memguard:allow " + this.rule.id() + " <reason>";
	}

	@Override
	public String toString() {
		return this.script + ":" + this.line + " [" + this.rule.id() + "] " + this.detail;
	}

	private static String excerpt(String statement) {
		String flat = statement.replaceAll("\\s+", " ").trim();
		return (flat.length() <= 160) ? flat : flat.substring(0, 157) + "...";
	}

}
