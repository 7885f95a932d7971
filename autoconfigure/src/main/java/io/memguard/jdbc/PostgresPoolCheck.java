package io.memguard.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Once at startup, on one pooled connection: checks that the PostgreSQL session limits
 * are in effect (a pooler may drop startup options) and that the pools of all expected
 * instances fit in the server's connection budget, which it hands to the
 * {@link LiveConnectionBudget} for the checks against the instances really running. An
 * unreachable database is left to the pool and the schema startup.
 */
class PostgresPoolCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(PostgresPoolCheck.class);

	private static final String QUERY = """
			select current_setting('max_connections')::int,
			  current_setting('superuser_reserved_connections')::int
			    + coalesce(current_setting('reserved_connections', true), '0')::int,
			  (select rolconnlimit from pg_roles where rolname = current_user),
			  (select datconnlimit from pg_database where datname = current_database()),
			  (select setting from pg_settings where name = 'statement_timeout'),
			  (select setting from pg_settings where name = 'lock_timeout'),
			  (select setting from pg_settings where name = 'idle_in_transaction_session_timeout'),
			  current_setting('application_name')""";

	private final DataSource dataSource;

	private final MemguardDataSourceProperties properties;

	private final LiveConnectionBudget liveBudget;

	PostgresPoolCheck(DataSource dataSource, MemguardDataSourceProperties properties, LiveConnectionBudget liveBudget) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.liveBudget = liveBudget;
	}

	@Override
	public void afterSingletonsInstantiated() {
		HikariDataSource pool = DataSourceUnwrapper.unwrap(this.dataSource, HikariDataSource.class);
		if (pool == null || !PostgresSessionLimits.isPostgres(pool.getJdbcUrl())) {
			return;
		}
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(QUERY)) {
			row.next();
			ConnectionBudget budget = new ConnectionBudget(row.getInt(1), row.getInt(2), row.getInt(3), row.getInt(4));
			if (this.properties.getPostgres().isSessionLimits()) {
				verifySessionLimits(pool, Map.of("statement_timeout", row.getString(5), "lock_timeout",
						row.getString(6), "idle_in_transaction_session_timeout", row.getString(7)), row.getString(8));
			}
			checkBudget(budget, pool.getMaximumPoolSize());
			if (this.liveBudget != null) {
				this.liveBudget.budgetRead(budget);
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not check the PostgreSQL connection budget and session limits: " + ex.getMessage());
		}
	}

	private void verifySessionLimits(HikariDataSource pool, Map<String, String> actual, String actualApplicationName) {
		PostgresSessionLimits.sentSettings(pool).forEach((name, millis) -> {
			if (actual.containsKey(name) && !millis.equals(actual.get(name))) {
				logger.warn("PostgreSQL " + name + " is " + actual.get(name) + " ms on pooled connections, not the "
						+ millis + " ms sent at connect: a connection pooler may drop startup options; consider "
						+ "setting it on the role (ALTER ROLE ... SET " + name + " = " + millis + ")");
			}
		});
		String applicationName = pool.getDataSourceProperties().getProperty("ApplicationName");
		if (applicationName != null && !applicationName.equals(actualApplicationName)) {
			logger.warn("PostgreSQL application_name is '" + actualApplicationName + "', not '" + applicationName
					+ "': pg_stat_activity will not show which application holds connections");
		}
	}

	private void checkBudget(ConnectionBudget budget, int poolSize) {
		int instances = this.properties.getExpectedInstances();
		int headroom = this.properties.getConnectionHeadroom();
		String oversubscription = budget.oversubscription(poolSize, instances, headroom);
		if (oversubscription == null) {
			logger.debug("Connection budget holds: " + ConnectionBudget.needed(poolSize, instances, headroom) + " of "
					+ budget.available());
			return;
		}
		if (this.properties.isFailOnOversubscription()) {
			throw new DataSourceConfigurationException(oversubscription, budget.fix(instances, headroom));
		}
		logger.warn(oversubscription + ". " + budget.fix(instances, headroom)
				+ " (memguard.datasource.fail-on-oversubscription=true fails startup instead)");
	}

}
