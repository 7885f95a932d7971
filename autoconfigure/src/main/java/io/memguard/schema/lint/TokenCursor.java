package io.memguard.schema.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a run of tokens front to back, for the statement checks.
 */
final class TokenCursor {

	private final List<SqlToken> tokens;

	private int position;

	TokenCursor(List<SqlToken> tokens) {
		this.tokens = tokens;
	}

	boolean atEnd() {
		return this.position >= this.tokens.size();
	}

	SqlToken peek() {
		return peek(0);
	}

	SqlToken peek(int offset) {
		int index = this.position + offset;
		return (index < this.tokens.size()) ? this.tokens.get(index) : null;
	}

	int line() {
		SqlToken token = (atEnd()) ? this.tokens.get(this.tokens.size() - 1) : peek();
		return token.line();
	}

	SqlToken next() {
		return this.tokens.get(this.position++);
	}

	boolean peekWord(String... words) {
		for (int i = 0; i < words.length; i++) {
			SqlToken token = peek(i);
			if (token == null || !token.isWord(words[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Moves past the given words when they come next.
	 * @param words the words
	 * @return whether they came next
	 */
	boolean accept(String... words) {
		if (!peekWord(words)) {
			return false;
		}
		this.position += words.length;
		return true;
	}

	/**
	 * Reads a possibly qualified name ({@code schema.table}) and returns its last part.
	 * @return the unqualified name, or {@code null} when no name comes next
	 */
	String name() {
		SqlToken token = peek();
		if (token == null || !token.isName()) {
			return null;
		}
		String name = next().text();
		while (peek() != null && peek().isSymbol(".") && peek(1) != null && peek(1).isName()) {
			this.position++;
			name = next().text();
		}
		return name;
	}

	/**
	 * The tokens from here to the end, split at commas outside parentheses.
	 * @return the parts
	 */
	List<List<SqlToken>> splitAtTopLevelCommas() {
		List<List<SqlToken>> parts = new ArrayList<>();
		List<SqlToken> current = new ArrayList<>();
		int depth = 0;
		while (!atEnd()) {
			SqlToken token = next();
			if (token.isSymbol("(") || token.isSymbol("[")) {
				depth++;
			}
			else if (token.isSymbol(")") || token.isSymbol("]")) {
				depth--;
			}
			if (depth == 0 && token.isSymbol(",")) {
				parts.add(current);
				current = new ArrayList<>();
			}
			else {
				current.add(token);
			}
		}
		if (!current.isEmpty()) {
			parts.add(current);
		}
		return parts;
	}

	/**
	 * The tokens inside the parentheses that come next, moving past them.
	 * @return the tokens between the parentheses, empty when none come next
	 */
	List<SqlToken> parenthesized() {
		List<SqlToken> inside = new ArrayList<>();
		if (peek() == null || !peek().isSymbol("(")) {
			return inside;
		}
		next();
		int depth = 1;
		while (!atEnd()) {
			SqlToken token = next();
			if (token.isSymbol("(")) {
				depth++;
			}
			else if (token.isSymbol(")") && --depth == 0) {
				break;
			}
			inside.add(token);
		}
		return inside;
	}

	/**
	 * The tokens up to (not including) the first of the given words outside parentheses,
	 * moving past them.
	 * @param stopWords the words that end the run
	 * @return the tokens
	 */
	List<SqlToken> until(Set<String> stopWords) {
		List<SqlToken> run = new ArrayList<>();
		int depth = 0;
		while (!atEnd()) {
			SqlToken token = peek();
			if (depth == 0 && token.type() == SqlToken.Type.WORD && stopWords.contains(token.text())) {
				break;
			}
			if (token.isSymbol("(")) {
				depth++;
			}
			else if (token.isSymbol(")")) {
				depth--;
			}
			run.add(next());
		}
		return run;
	}

	/**
	 * Whether the remaining tokens hold the given words in a row, outside parentheses.
	 * @param words the words
	 * @return whether they do
	 */
	boolean containsAtTopLevel(String... words) {
		int depth = 0;
		for (int i = this.position; i < this.tokens.size(); i++) {
			SqlToken token = this.tokens.get(i);
			if (token.isSymbol("(")) {
				depth++;
			}
			else if (token.isSymbol(")")) {
				depth--;
			}
			else if (depth == 0 && matchesAt(i, words)) {
				return true;
			}
		}
		return false;
	}

	private boolean matchesAt(int index, String... words) {
		for (int i = 0; i < words.length; i++) {
			if (index + i >= this.tokens.size() || !this.tokens.get(index + i).isWord(words[i])) {
				return false;
			}
		}
		return true;
	}

}
