package io.memguard.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * PostgreSQL checks around a migration: never migrate a standby, warn about invalid
 * indexes left by a failed concurrent build, and name the sessions holding locks when a
 * migration times out on one.
 */
final class PostgresMigrationChecks {

	private static final Log logger = LogFactory.getLog(PostgresMigrationChecks.class);

	private PostgresMigrationChecks() {
	}

	static boolean isPostgres(Connection connection) throws SQLException {
		return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
	}

	/**
	 * Fails when the database is a standby and warns about invalid indexes.
	 * @param dataSource the migration data source
	 * @param migrating whether migrations are about to be applied
	 * @throws SQLException on a database error
	 */
	static void check(DataSource dataSource, boolean migrating) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			if (!isPostgres(connection)) {
				return;
			}
			if (migrating && queryBoolean(connection, "SELECT pg_is_in_recovery()")) {
				throw SchemaStartupException.standby(connection.getMetaData().getURL());
			}
			List<String> invalidIndexes = queryStrings(connection,
					"SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid");
			if (!invalidIndexes.isEmpty()) {
				logger.warn("Invalid indexes " + invalidIndexes + " (left by a failed CREATE INDEX CONCURRENTLY?)"
						+ " are maintained on every write but never used: drop them and build them again"
						+ " with DROP INDEX CONCURRENTLY / CREATE INDEX CONCURRENTLY");
			}
		}
	}

	/**
	 * Logs the other sessions of this database that hold table locks, so that a lock
	 * timeout of a migration names its likely blocker.
	 * @param dataSource the migration data source
	 */
	static void logLockHolders(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			if (isPostgres(connection)) {
				List<String> holders = queryStrings(connection,
						"""
								SELECT format('pid %s (%s, %s, %s since %s): %s on %s, last query: %s', a.pid, a.usename,
										a.application_name, a.state, a.xact_start, l.mode, l.relation::regclass, left(a.query, 200))
								FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
								WHERE l.granted AND l.locktype = 'relation' AND a.datname = current_database()
										AND a.pid <> pg_backend_pid() AND l.relation >= 16384
								ORDER BY a.xact_start LIMIT 10""");
				logger.warn("Sessions holding table locks: " + (holders.isEmpty() ? "none now" : holders));
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not list lock holders", ex);
		}
	}

	/**
	 * Logs the sessions of this database that hold Flyway's advisory lock, so that a
	 * migration waiting on another instance names it.
	 * @param dataSource the migration data source
	 * @param waited how long the migration has been running
	 */
	static void logAdvisoryLockHolders(DataSource dataSource, Duration waited) {
		try (Connection connection = dataSource.getConnection()) {
			if (isPostgres(connection)) {
				List<String> holders = queryStrings(connection, """
						SELECT format('pid %s (%s, %s, %s, connected since %s)', a.pid, a.usename, a.application_name,
								a.client_addr, a.backend_start)
						FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
						WHERE l.granted AND l.locktype = 'advisory' AND a.datname = current_database()""");
				logger.info("Flyway still running after %s; sessions holding an advisory lock (Flyway's): %s"
					.formatted(waited, holders.isEmpty() ? "none" : holders));
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not list advisory lock holders", ex);
		}
	}

	private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			return result.next() && result.getBoolean(1);
		}
	}

	private static List<String> queryStrings(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				values.add(result.getString(1));
			}
		}
		return values;
	}

}
