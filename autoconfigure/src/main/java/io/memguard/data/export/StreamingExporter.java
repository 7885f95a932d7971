package io.memguard.data.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.http.HttpServletResponse;
import org.hibernate.Session;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import io.memguard.data.export.ExportColumns.Column;
import io.memguard.data.guard.EntityLoadGuard;

import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * Streams a query's rows to an HTTP response (or any output stream) as NDJSON, a JSON
 * array or CSV, in constant memory whatever the row count.
 * <p>
 * The query runs in its own read-only transaction (so auto-commit is off), with the JDBC
 * fetch size set on the connection (PostgreSQL's driver otherwise reads the whole result
 * into memory) and a forward-only result (what Hibernate's streams use); the persistence
 * context is cleared every {@code clear-every} rows. A client that disconnects makes the
 * next write fail, which closes the stream, rolls back and returns the connection to the
 * pool at once. Entities of an export do not count towards the {@link EntityLoadGuard}.
 * <pre class="code">
 * &#64;GetMapping("/api/bookings/export")
 * void export(&#64;RequestParam String format, HttpServletResponse response) throws IOException {
 *     this.exporter.export(response, ExportFormat.fromParameter(format), "bookings", this.repository::streamAllBy, COLUMNS);
 * }
 * </pre>
 */
public class StreamingExporter {

	private static final boolean POSTGRES_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			StreamingExporter.class.getClassLoader());

	private final TransactionTemplate transaction;

	private final EntityManagerFactory entityManagerFactory;

	private final JsonMapper jsonMapper;

	private final int fetchSize;

	private final int clearEvery;

	private final EntityLoadGuard guard;

	private final boolean neutralizeCsvFormulas;

	/**
	 * Creates a new instance.
	 * @param transactionManager the transaction manager of the entity manager factory
	 * @param entityManagerFactory the entity manager factory the queries use
	 * @param jsonMapper writes JSON values
	 * @param fetchSize rows per JDBC round trip
	 * @param clearEvery rows between two clears of the persistence context
	 * @param guard the entity guard to leave out of exports, or {@code null}
	 * @param neutralizeCsvFormulas whether CSV text cells that a spreadsheet would run as
	 * a formula are written as text instead (OWASP CSV injection)
	 */
	public StreamingExporter(PlatformTransactionManager transactionManager, EntityManagerFactory entityManagerFactory,
			JsonMapper jsonMapper, int fetchSize, int clearEvery, EntityLoadGuard guard,
			boolean neutralizeCsvFormulas) {
		this.transaction = new TransactionTemplate(transactionManager);
		this.transaction.setReadOnly(true);
		this.transaction.setName(StreamingExporter.class.getName() + ".export");
		this.entityManagerFactory = entityManagerFactory;
		this.jsonMapper = jsonMapper;
		this.fetchSize = fetchSize;
		this.clearEvery = clearEvery;
		this.guard = guard;
		this.neutralizeCsvFormulas = neutralizeCsvFormulas;
	}

	/**
	 * Streams rows as an attachment download.
	 * @param <T> the row type
	 * @param response the response to write
	 * @param format the output format
	 * @param fileName the download's name, without extension
	 * @param query opens the stream of rows, typically a repository {@code Stream<T>}
	 * method; called inside the export's transaction
	 * @param columns the columns to write
	 * @return the number of rows written
	 * @throws IOException if the client went away
	 */
	public <T> long export(HttpServletResponse response, ExportFormat format, String fileName,
			Supplier<? extends Stream<T>> query, ExportColumns<T> columns) throws IOException {
		response.setContentType(format.contentType() + ";charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\""
				+ fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension() + "\"");
		return write(response.getOutputStream(), format, query, columns);
	}

	/**
	 * Streams rows to an output stream, which is flushed but not closed.
	 * @param <T> the row type
	 * @param out where to write
	 * @param format the output format
	 * @param query opens the stream of rows; called inside the export's transaction
	 * @param columns the columns to write
	 * @return the number of rows written
	 * @throws IOException if writing failed
	 */
	public <T> long write(OutputStream out, ExportFormat format, Supplier<? extends Stream<T>> query,
			ExportColumns<T> columns) throws IOException {
		try {
			Supplier<Long> export = () -> this.transaction.execute((status) -> stream(out, format, query, columns));
			return (this.guard != null) ? this.guard.exempt(export) : export.get();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private <T> long stream(OutputStream out, ExportFormat format, Supplier<? extends Stream<T>> query,
			ExportColumns<T> columns) {
		EntityManager entityManager = EntityManagerFactoryUtils
			.getTransactionalEntityManager(this.entityManagerFactory);
		Integer previousFetchSize = setConnectionFetchSize(entityManager, this.fetchSize);
		try (Stream<T> rows = query.get()) {
			RowWriter<T> writer = (format != ExportFormat.CSV) ? new JsonRowWriter<>(out, format, columns.list())
					: new CsvRowWriter<>(out, columns.list(), this.neutralizeCsvFormulas);
			long count = 0;
			for (Iterator<T> iterator = rows.iterator(); iterator.hasNext();) {
				writer.row(iterator.next());
				if (++count % this.clearEvery == 0 && entityManager != null) {
					entityManager.clear();
				}
			}
			writer.finish();
			return count;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (previousFetchSize != null) {
				setConnectionFetchSize(entityManager, previousFetchSize);
			}
		}
	}

	private static Integer setConnectionFetchSize(EntityManager entityManager, int fetchSize) {
		if (!POSTGRES_PRESENT || entityManager == null) {
			return null;
		}
		return entityManager.unwrap(Session.class)
			.doReturningWork((connection) -> PostgresFetchSize.set(connection, fetchSize));
	}

	private interface RowWriter<T> {

		void row(T row) throws IOException;

		void finish() throws IOException;

	}

	private final class JsonRowWriter<T> implements RowWriter<T> {

		private final JsonGenerator generator;

		private final List<Column<T>> columns;

		private final boolean array;

		JsonRowWriter(OutputStream out, ExportFormat format, List<Column<T>> columns) {
			this.array = format == ExportFormat.JSON;
			this.generator = StreamingExporter.this.jsonMapper.writer()
				.withRootValueSeparator(this.array ? "" : "\n")
				.createGenerator(out);
			this.columns = columns;
			if (this.array) {
				this.generator.writeStartArray();
			}
		}

		@Override
		public void row(T row) {
			this.generator.writeStartObject();
			for (Column<T> column : this.columns) {
				this.generator.writeName(column.name());
				this.generator.writePOJO(column.value().apply(row));
			}
			this.generator.writeEndObject();
		}

		@Override
		public void finish() {
			if (this.array) {
				this.generator.writeEndArray();
			}
			else {
				this.generator.writeRaw('\n');
			}
			this.generator.flush();
		}

	}

	private static final class CsvRowWriter<T> implements RowWriter<T> {

		private final Writer writer;

		private final List<Column<T>> columns;

		private final boolean neutralizeFormulas;

		CsvRowWriter(OutputStream out, List<Column<T>> columns, boolean neutralizeFormulas) throws IOException {
			this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
			this.columns = columns;
			this.neutralizeFormulas = neutralizeFormulas;
			for (int i = 0; i < columns.size(); i++) {
				cell(i, columns.get(i).name());
			}
			this.writer.write("\r\n");
		}

		@Override
		public void row(T row) throws IOException {
			for (int i = 0; i < this.columns.size(); i++) {
				cell(i, this.columns.get(i).value().apply(row));
			}
			this.writer.write("\r\n");
		}

		private void cell(int index, Object value) throws IOException {
			if (index > 0) {
				this.writer.write(',');
			}
			String text = (value != null) ? value.toString() : null;
			// a number, negative ones included, is never a formula and stays a number
			boolean formulaSafe = !this.neutralizeFormulas || value instanceof Number;
			this.writer.write(formulaSafe ? CsvEscaper.escape(text) : CsvEscaper.escapeText(text));
		}

		@Override
		public void finish() throws IOException {
			this.writer.flush();
		}

	}

}
