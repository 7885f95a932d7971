package io.memguard.data;

/**
 * RFC 4180 quoting of CSV cells.
 */
final class CsvEscaper {

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
		return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
	}

}
