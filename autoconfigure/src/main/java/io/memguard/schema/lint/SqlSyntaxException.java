package io.memguard.schema.lint;

/**
 * A script the tokenizer cannot read to its end, such as an unterminated string.
 */
class SqlSyntaxException extends RuntimeException {

	private final int line;

	SqlSyntaxException(String message, int line) {
		super(message);
		this.line = line;
	}

	int line() {
		return this.line;
	}

}
