package io.memguard.dropin;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What is in an application's database.
 */
public final class Tables {

	private Tables() {
	}

	/**
	 * The tables of every schema but PostgreSQL's own.
	 * @param dataSource the database
	 * @return the qualified table names, sorted
	 */
	public static List<String> in(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForList("""
				SELECT table_schema || '.' || table_name FROM information_schema.tables
				WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1""", String.class);
	}

}
