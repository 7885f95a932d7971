package io.memguard.schema.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A column type as declared in a migration, normalized enough to tell a widening change
 * (which PostgreSQL makes without rewriting the table) from one that rewrites.
 *
 * @param name the type name, synonyms folded ({@code character varying} is
 * {@code varchar})
 * @param modifiers the type modifiers, such as the length or precision and scale
 * @param array whether it is an array type
 */
record ColumnType(String name, List<Integer> modifiers, boolean array) {

	private static final Map<String, String> SYNONYMS = Map.ofEntries(Map.entry("character varying", "varchar"),
			Map.entry("character", "bpchar"), Map.entry("char", "bpchar"), Map.entry("decimal", "numeric"),
			Map.entry("bit varying", "varbit"), Map.entry("int", "int4"), Map.entry("integer", "int4"),
			Map.entry("bigint", "int8"), Map.entry("smallint", "int2"), Map.entry("real", "float4"),
			Map.entry("double precision", "float8"), Map.entry("timestamp with time zone", "timestamptz"),
			Map.entry("timestamp without time zone", "timestamp"), Map.entry("bool", "boolean"));

	static ColumnType of(List<SqlToken> tokens) {
		List<String> words = new ArrayList<>();
		List<Integer> modifiers = new ArrayList<>();
		boolean array = false;
		int depth = 0;
		for (SqlToken token : tokens) {
			if (token.isSymbol("(")) {
				depth++;
			}
			else if (token.isSymbol(")")) {
				depth--;
			}
			else if (token.isSymbol("[") || token.isWord("array")) {
				array = true;
			}
			else if (depth > 0 && token.type() == SqlToken.Type.NUMBER && token.text().matches("\\d+")) {
				modifiers.add(Integer.valueOf(token.text()));
			}
			else if (depth == 0 && token.isName()) {
				words.add(token.text());
			}
		}
		String name = String.join(" ", words);
		return new ColumnType(SYNONYMS.getOrDefault(name, name), List.copyOf(modifiers), array);
	}

	/**
	 * Whether changing a column from this type to the other keeps its stored values as
	 * they are, so that PostgreSQL skips the table rewrite: longer or unlimited
	 * {@code varchar}, {@code varchar} to {@code text}, more {@code numeric} precision at
	 * the same scale, longer {@code varbit}.
	 * @param target the new type
	 * @return whether the change needs no rewrite
	 */
	boolean widensTo(ColumnType target) {
		if (this.array != target.array) {
			return false;
		}
		if (isText(this)
				&& (target.name.equals("text") || (target.name.equals("varchar") && target.modifiers.isEmpty()))) {
			return true;
		}
		if (this.name.equals("varchar") && target.name.equals("varchar")
				|| this.name.equals("varbit") && target.name.equals("varbit")) {
			return target.modifiers.isEmpty()
					|| (!this.modifiers.isEmpty() && target.modifiers.get(0) >= this.modifiers.get(0));
		}
		if (this.name.equals("numeric") && target.name.equals("numeric")) {
			if (target.modifiers.isEmpty()) {
				return true;
			}
			int scale = (this.modifiers.size() > 1) ? this.modifiers.get(1) : 0;
			int targetScale = (target.modifiers.size() > 1) ? target.modifiers.get(1) : 0;
			return !this.modifiers.isEmpty() && scale == targetScale
					&& target.modifiers.get(0) >= this.modifiers.get(0);
		}
		return false;
	}

	private static boolean isText(ColumnType type) {
		return type.name.equals("text") || type.name.equals("varchar");
	}

	@Override
	public String toString() {
		return this.name
				+ (this.modifiers.isEmpty() ? "" : this.modifiers.toString().replace('[', '(').replace(']', ')'))
				+ (this.array ? "[]" : "");
	}

}
