package io.memguard.schema.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement of a script, with the comments written on it (before it, inside it, or
 * after it on the line where it ends).
 *
 * @param tokens the tokens, without the closing semicolon
 * @param text the statement as written
 * @param line the 1-based line where it starts
 * @param comments its comments
 */
record SqlStatement(List<SqlToken> tokens, String text, int line, List<SqlComment> comments) {

	/**
	 * Splits a script into statements at the semicolons outside strings, comments and
	 * {@code BEGIN ATOMIC ... END} function bodies.
	 * @param sql the script, placeholders already replaced
	 * @return the statements in order
	 */
	static List<SqlStatement> split(String sql) {
		SqlTokenizer tokenizer = SqlTokenizer.tokenize(sql);
		List<SqlToken> tokens = tokenizer.tokens();
		List<SqlComment> comments = tokenizer.comments();
		List<SqlStatement> statements = new ArrayList<>();
		int start = 0;
		int atomicDepth = 0;
		int caseDepth = 0;
		int commentIndex = 0;
		for (int i = 0; i <= tokens.size(); i++) {
			SqlToken token = (i < tokens.size()) ? tokens.get(i) : null;
			if (token != null && token.isWord("atomic") && i > 0 && tokens.get(i - 1).isWord("begin")) {
				atomicDepth++;
			}
			else if (token != null && atomicDepth > 0 && token.isWord("case")) {
				caseDepth++;
			}
			else if (token != null && atomicDepth > 0 && token.isWord("end")) {
				if (caseDepth > 0) {
					caseDepth--;
				}
				else {
					atomicDepth--;
				}
			}
			boolean end = (token == null) || (token.isSymbol(";") && atomicDepth == 0);
			if (!end) {
				continue;
			}
			int endLine = (token != null) ? token.line() : Integer.MAX_VALUE;
			int last = i - 1;
			List<SqlComment> own = new ArrayList<>();
			while (commentIndex < comments.size()) {
				SqlComment comment = comments.get(commentIndex);
				boolean before = comment.afterToken() < i;
				boolean trailing = comment.afterToken() == i && comment.line() == endLine;
				if (!before && !trailing) {
					break;
				}
				own.add(comment);
				commentIndex++;
			}
			if (last >= start) {
				List<SqlToken> statementTokens = List.copyOf(tokens.subList(start, last + 1));
				String text = sql.substring(statementTokens.get(0).start(), statementTokens.get(last - start).end());
				statements.add(new SqlStatement(statementTokens, text, statementTokens.get(0).line(), own));
			}
			start = i + 1;
		}
		return statements;
	}

}
