package io.memguard.data.export;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;

/**
 * Sets pgjdbc's connection-wide default fetch size, which applies to the statements a
 * repository stream creates afterwards. Loaded only when pgjdbc is present.
 */
final class PostgresFetchSize {

	private PostgresFetchSize() {
	}

	/**
	 * Sets the default fetch size of a PostgreSQL connection.
	 * @param connection the connection, possibly a pool proxy
	 * @param fetchSize the new fetch size
	 * @return the previous fetch size, or {@code null} when not a PostgreSQL connection
	 * @throws SQLException on failure
	 */
	static Integer set(Connection connection, int fetchSize) throws SQLException {
		if (!connection.isWrapperFor(PGConnection.class)) {
			return null;
		}
		PGConnection postgres = connection.unwrap(PGConnection.class);
		int previous = postgres.getDefaultFetchSize();
		postgres.setDefaultFetchSize(fetchSize);
		return previous;
	}

}
