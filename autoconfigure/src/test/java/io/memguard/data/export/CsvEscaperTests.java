package io.memguard.data.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CsvEscaperTests {

	@Test
	void leavesPlainCellsAlone() {
		assertThat(CsvEscaper.escape("plain text 42")).isEqualTo("plain text 42");
	}

	@Test
	void writesNullAndEmptyAsEmptyCells() {
		assertThat(CsvEscaper.escape(null)).isEmpty();
		assertThat(CsvEscaper.escape("")).isEmpty();
	}

	@Test
	void quotesCellsWithSeparatorsQuotesAndLineBreaks() {
		assertThat(CsvEscaper.escape("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvEscaper.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(CsvEscaper.escape("line\nbreak")).isEqualTo("\"line\nbreak\"");
		assertThat(CsvEscaper.escape("carriage\rreturn")).isEqualTo("\"carriage\rreturn\"");
	}

	@Test
	void quotesCellsWithSurroundingWhitespaceSoSpreadsheetsKeepIt() {
		assertThat(CsvEscaper.escape(" padded ")).isEqualTo("\" padded \"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR" })
	void textCellsThatASpreadsheetWouldRunAsFormulasArePrefixedAndQuoted(String formula) {
		assertThat(CsvEscaper.escapeText(formula)).isEqualTo("\"'" + formula.replace("\"", "\"\"") + "\"");
		assertThat(CsvEscaper.escape(formula)).doesNotStartWith("\"'");
	}

	@Test
	void textCellsThatAreNotFormulasAreEscapedAsUsual() {
		assertThat(CsvEscaper.escapeText("a=b")).isEqualTo("a=b");
		assertThat(CsvEscaper.escapeText("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvEscaper.escapeText(null)).isEmpty();
	}

}
