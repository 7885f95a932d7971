package io.memguard.schema.lint;

/**
 * A token of a PostgreSQL script: a word (keyword or unquoted identifier, lower-cased), a
 * quoted identifier (its content), a string or dollar-quoted literal, a number or a
 * symbol.
 *
 * @param type the kind of token
 * @param text the text: lower-cased for words, unquoted for identifiers, as written
 * otherwise
 * @param line the 1-based line where the token starts
 * @param start the offset of its first character in the script
 * @param end the offset just past its last character
 */
record SqlToken(Type type, String text, int line, int start, int end) {

	boolean isWord(String word) {
		return this.type == Type.WORD && this.text.equals(word);
	}

	boolean isSymbol(String symbol) {
		return this.type == Type.SYMBOL && this.text.equals(symbol);
	}

	boolean isName() {
		return this.type == Type.WORD || this.type == Type.QUOTED_IDENTIFIER;
	}

	enum Type {

		WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL

	}

}
