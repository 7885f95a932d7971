package io.memguard.schema.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL text into tokens and comments the way the server's lexer does where
 * it matters for finding statement boundaries: line and nested block comments, standard
 * and escape ({@code E'...'}) strings, dollar-quoted bodies ({@code $tag$ ... $tag$}) and
 * quoted identifiers. Numbers and operators are kept coarse.
 */
final class SqlTokenizer {

	private final String sql;

	private final List<SqlToken> tokens = new ArrayList<>();

	private final List<SqlComment> comments = new ArrayList<>();

	private int position;

	private int line = 1;

	private SqlTokenizer(String sql) {
		this.sql = sql;
	}

	static SqlTokenizer tokenize(String sql) {
		SqlTokenizer tokenizer = new SqlTokenizer(sql);
		tokenizer.run();
		return tokenizer;
	}

	List<SqlToken> tokens() {
		return this.tokens;
	}

	List<SqlComment> comments() {
		return this.comments;
	}

	private void run() {
		int length = this.sql.length();
		while (this.position < length) {
			char c = this.sql.charAt(this.position);
			if (c == '\n') {
				this.line++;
				this.position++;
			}
			else if (Character.isWhitespace(c)) {
				this.position++;
			}
			else if (c == '-' && peek(1) == '-') {
				lineComment();
			}
			else if (c == '/' && peek(1) == '*') {
				blockComment();
			}
			else if (c == '\'') {
				string(this.position, false);
			}
			else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
				string(this.position, true);
			}
			else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '\'') {
				string(this.position, false);
			}
			else if (c == '"') {
				quotedIdentifier();
			}
			else if (c == '$' && dollarTagEnd() > 0) {
				dollarString(dollarTagEnd());
			}
			else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
				number();
			}
			else if (isIdentifierStart(c)) {
				word();
			}
			else {
				symbol(c);
			}
		}
	}

	private char peek(int offset) {
		int index = this.position + offset;
		return (index < this.sql.length()) ? this.sql.charAt(index) : '\0';
	}

	private void lineComment() {
		int start = this.position + 2;
		int end = this.sql.indexOf('\n', start);
		if (end < 0) {
			end = this.sql.length();
		}
		this.comments.add(new SqlComment(this.sql.substring(start, end).trim(), this.line, this.tokens.size() - 1));
		this.position = end;
	}

	private void blockComment() {
		int startLine = this.line;
		int start = this.position + 2;
		int depth = 1;
		this.position = start;
		while (depth > 0) {
			if (this.position >= this.sql.length()) {
				throw new SqlSyntaxException("unterminated /* comment", startLine);
			}
			char c = this.sql.charAt(this.position);
			if (c == '/' && peek(1) == '*') {
				depth++;
				this.position += 2;
			}
			else if (c == '*' && peek(1) == '/') {
				depth--;
				this.position += 2;
			}
			else {
				countLine(c);
				this.position++;
			}
		}
		this.comments.add(
				new SqlComment(this.sql.substring(start, this.position - 2).trim(), startLine, this.tokens.size() - 1));
	}

	private void string(int start, boolean backslashEscapes) {
		int startLine = this.line;
		this.position = this.sql.indexOf('\'', this.position) + 1;
		while (true) {
			if (this.position >= this.sql.length()) {
				throw new SqlSyntaxException("unterminated string literal", startLine);
			}
			char c = this.sql.charAt(this.position);
			if (backslashEscapes && c == '\\') {
				countLine(peek(1));
				this.position += 2;
			}
			else if (c == '\'') {
				if (peek(1) == '\'') {
					this.position += 2;
				}
				else {
					this.position++;
					break;
				}
			}
			else {
				countLine(c);
				this.position++;
			}
		}
		this.tokens.add(new SqlToken(SqlToken.Type.STRING, this.sql.substring(start, this.position), startLine, start,
				this.position));
	}

	private void quotedIdentifier() {
		int startLine = this.line;
		int start = this.position;
		StringBuilder name = new StringBuilder();
		this.position++;
		while (true) {
			if (this.position >= this.sql.length()) {
				throw new SqlSyntaxException("unterminated quoted identifier", startLine);
			}
			char c = this.sql.charAt(this.position);
			if (c == '"') {
				if (peek(1) != '"') {
					this.position++;
					break;
				}
				this.position++;
			}
			countLine(c);
			name.append(c);
			this.position++;
		}
		this.tokens
			.add(new SqlToken(SqlToken.Type.QUOTED_IDENTIFIER, name.toString(), startLine, start, this.position));
	}

	/**
	 * The index just past the opening tag of a dollar quote at the current position, or
	 * -1 when the {@code $} starts no dollar quote (a parameter such as {@code $1}).
	 */
	private int dollarTagEnd() {
		int index = this.position + 1;
		if (index < this.sql.length() && Character.isDigit(this.sql.charAt(index))) {
			return -1;
		}
		while (index < this.sql.length()) {
			char c = this.sql.charAt(index);
			if (c == '$') {
				return index + 1;
			}
			if (!isIdentifierPart(c) || c == '$') {
				return -1;
			}
			index++;
		}
		return -1;
	}

	private void dollarString(int tagEnd) {
		int startLine = this.line;
		int start = this.position;
		String tag = this.sql.substring(this.position, tagEnd);
		int close = this.sql.indexOf(tag, tagEnd);
		if (close < 0) {
			throw new SqlSyntaxException("unterminated dollar-quoted string " + tag, startLine);
		}
		for (int i = tagEnd; i < close; i++) {
			countLine(this.sql.charAt(i));
		}
		this.position = close + tag.length();
		this.tokens.add(new SqlToken(SqlToken.Type.STRING, this.sql.substring(start, this.position), startLine, start,
				this.position));
	}

	private void number() {
		int start = this.position;
		while (this.position < this.sql.length()) {
			char c = this.sql.charAt(this.position);
			if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
				this.position++;
			}
			else {
				break;
			}
		}
		this.tokens.add(new SqlToken(SqlToken.Type.NUMBER, this.sql.substring(start, this.position), this.line, start,
				this.position));
	}

	private void word() {
		int start = this.position;
		while (this.position < this.sql.length() && isIdentifierPart(this.sql.charAt(this.position))) {
			this.position++;
		}
		this.tokens.add(new SqlToken(SqlToken.Type.WORD,
				this.sql.substring(start, this.position).toLowerCase(Locale.ROOT), this.line, start, this.position));
	}

	private void symbol(char c) {
		String text = (c == ':' && peek(1) == ':') ? "::" : String.valueOf(c);
		this.tokens
			.add(new SqlToken(SqlToken.Type.SYMBOL, text, this.line, this.position, this.position + text.length()));
		this.position += text.length();
	}

	private void countLine(char c) {
		if (c == '\n') {
			this.line++;
		}
	}

	private static boolean isIdentifierStart(char c) {
		return Character.isLetter(c) || c == '_' || c > 127;
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
	}

}
