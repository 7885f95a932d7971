package io.memguard.schema.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What earlier migrations tell about the schema: column types (to tell a widening type
 * change), validated {@code IS NOT NULL} checks (which make {@code SET NOT NULL} cheap)
 * and the table of each index.
 */
final class SchemaState {

	private final Map<String, Map<String, ColumnType>> columnTypes = new HashMap<>();

	private final Map<String, String> notNullCheckColumns = new HashMap<>();

	private final Set<String> validatedNotNull = new HashSet<>();

	private final Map<String, String> indexTables = new HashMap<>();

	void column(String table, String column, ColumnType type) {
		this.columnTypes.computeIfAbsent(table, (key) -> new HashMap<>()).put(column, type);
	}

	ColumnType columnType(String table, String column) {
		return this.columnTypes.getOrDefault(table, Map.of()).get(column);
	}

	void dropColumn(String table, String column) {
		this.columnTypes.getOrDefault(table, new HashMap<>()).remove(column);
		this.validatedNotNull.remove(table + "." + column);
	}

	void renameColumn(String table, String from, String to) {
		Map<String, ColumnType> columns = this.columnTypes.get(table);
		if (columns != null && columns.containsKey(from)) {
			columns.put(to, columns.remove(from));
		}
		if (this.validatedNotNull.remove(table + "." + from)) {
			this.validatedNotNull.add(table + "." + to);
		}
	}

	void renameTable(String from, String to) {
		Map<String, ColumnType> columns = this.columnTypes.remove(from);
		if (columns != null) {
			this.columnTypes.put(to, columns);
		}
		this.indexTables.replaceAll((index, table) -> table.equals(from) ? to : table);
	}

	void dropTable(String table) {
		this.columnTypes.remove(table);
	}

	void notNullCheck(String table, String constraint, String column, boolean validated) {
		if (constraint != null) {
			this.notNullCheckColumns.put(table + "." + constraint, column);
		}
		if (validated) {
			this.validatedNotNull.add(table + "." + column);
		}
	}

	void validated(String table, String constraint) {
		String column = this.notNullCheckColumns.get(table + "." + constraint);
		if (column != null) {
			this.validatedNotNull.add(table + "." + column);
		}
	}

	boolean isKnownNotNull(String table, String column) {
		return this.validatedNotNull.contains(table + "." + column);
	}

	void index(String index, String table) {
		if (index != null) {
			this.indexTables.put(index, table);
		}
	}

	String indexTable(String index) {
		return this.indexTables.get(index);
	}

}
