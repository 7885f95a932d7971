package io.memguard.data.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of an export: a name and a value per row. The same columns make the CSV
 * header and the JSON field names, and only these values are read from each row, so no
 * lazy association is loaded by accident.
 *
 * @param <T> the row type
 */
public final class ExportColumns<T> {

	private final List<Column<T>> columns;

	private ExportColumns(List<Column<T>> columns) {
		this.columns = columns;
	}

	/**
	 * Starts a column list.
	 * @param <T> the row type
	 * @param type the row type, for inference
	 * @return an empty list
	 */
	public static <T> ExportColumns<T> of(Class<T> type) {
		return new ExportColumns<>(Collections.emptyList());
	}

	/**
	 * A copy with one more column.
	 * @param name the column name
	 * @param value reads the value from a row; {@code null} is written as an empty CSV
	 * cell or a JSON {@code null}
	 * @return the extended columns
	 */
	public ExportColumns<T> column(String name, Function<? super T, ?> value) {
		List<Column<T>> extended = new ArrayList<>(this.columns);
		extended.add(new Column<>(name, value));
		return new ExportColumns<>(List.copyOf(extended));
	}

	List<Column<T>> list() {
		return this.columns;
	}

	record Column<T>(String name, Function<? super T, ?> value) {

	}

}
