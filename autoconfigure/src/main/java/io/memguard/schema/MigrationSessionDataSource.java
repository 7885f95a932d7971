package io.memguard.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * An unpooled data source for Flyway whose PostgreSQL sessions get their own
 * {@code lock_timeout} and {@code statement_timeout}. Other databases get plain
 * connections.
 */
class MigrationSessionDataSource extends DelegatingDataSource {

	private final Duration lockTimeout;

	private final Duration statementTimeout;

	MigrationSessionDataSource(DataSource unpooled, Duration lockTimeout, Duration statementTimeout) {
		super(unpooled);
		this.lockTimeout = lockTimeout;
		this.statementTimeout = statementTimeout;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return applySessionTimeouts(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return applySessionTimeouts(super.getConnection(username, password));
	}

	/**
	 * Where this data source connects, for messages.
	 * @return the JDBC URL, or a description of the target data source
	 */
	String describe() {
		DataSource target = obtainTargetDataSource();
		return (target instanceof AbstractDriverBasedDataSource driverBased) ? driverBased.getUrl() : target.toString();
	}

	private Connection applySessionTimeouts(Connection connection) throws SQLException {
		if (PostgresMigrationChecks.isPostgres(connection)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET lock_timeout = " + this.lockTimeout.toMillis());
				statement.execute("SET statement_timeout = " + this.statementTimeout.toMillis());
			}
			catch (SQLException ex) {
				connection.close();
				throw ex;
			}
		}
		return connection;
	}

}
