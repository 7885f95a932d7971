package io.memguard.data.export;

/**
 * RFC 4180 quoting of CSV cells, and the OWASP defence against CSV (formula) injection.
 */
final class CsvEscaper {

	// A spreadsheet reads a cell that starts with one of these as a formula
	private static final String FORMULA_STARTS = "=+-@\t\r";

	private CsvEscaper() {
	}

	/**
	 * A cell as written to CSV: quoted when it holds a comma, quote, CR or LF (or leading
	 * or trailing whitespace, which spreadsheets would trim), with quotes doubled.
	 * @param value the cell text, {@code null} for an empty cell
	 * @return the escaped cell
	 */
	static String escape(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		boolean quote = Character.isWhitespace(value.charAt(0))
				|| Character.isWhitespace(value.charAt(value.length() - 1));
		for (int i = 0; i < value.length() && !quote; i++) {
			char c = value.charAt(i);
			quote = c == ',' || c == '"' || c == '\r' || c == '\n';
		}
		return quote ? quoted(value) : value;
	}

	/**
	 * A text cell that a spreadsheet shows as text, never runs as a formula: as
	 * {@link #escape(String)}, but a cell starting with {@code =}, {@code +}, {@code -},
	 * {@code @}, tab or carriage return is prefixed with a single quote and quoted, as
	 * OWASP advises.
	 * @param value the cell text, {@code null} for an empty cell
	 * @return the escaped cell
	 */
	static String escapeText(String value) {
		if (value != null && !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
			return quoted("'" + value);
		}
		return escape(value);
	}

	private static String quoted(String value) {
		return '"' + value.replace("\"", "\"\"") + '"';
	}

}
