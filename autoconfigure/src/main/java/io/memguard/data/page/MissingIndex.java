package io.memguard.data.page;

import java.util.List;
import java.util.Locale;

/**
 * An index that no table has: the columns an endpoint sorts or scrolls by, which without
 * it make every page sort (or scan) the table.
 *
 * @param table the table
 * @param columns the columns an index must lead with, in order
 * @param endpoints the endpoints that sort by them
 * @param statement the statement that creates the index without blocking writes
 */
public record MissingIndex(String table, List<String> columns, List<String> endpoints, String statement) {

	private static final int MAX_IDENTIFIER_LENGTH = 63;

	static MissingIndex of(String table, List<String> columns, List<String> endpoints) {
		String unqualified = table.substring(table.lastIndexOf('.') + 1).replace("\"", "");
		String name = (unqualified + "_" + String.join("_", columns) + "_idx").toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		if (name.length() > MAX_IDENTIFIER_LENGTH) {
			name = name.substring(0, MAX_IDENTIFIER_LENGTH);
		}
		String statement = "CREATE INDEX CONCURRENTLY " + name + " ON " + table + " (" + String.join(", ", columns)
				+ ");";
		return new MissingIndex(table, List.copyOf(columns), List.copyOf(endpoints), statement);
	}

	String describe() {
		return "No index on " + this.table + " leads with (" + String.join(", ", this.columns) + "), which "
				+ this.endpoints + " sort by: every page sorts the matching rows of the whole table. Create it in a"
				+ " migration of its own: " + this.statement;
	}

}
