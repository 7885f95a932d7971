package io.memguard.data.testapp;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates and fills the test tables with {@code generate_series}, so even a million rows
 * take seconds.
 */
public final class TestTables {

	private TestTables() {
	}

	/**
	 * Creates the {@code ticket} table with {@code count} rows: ids from 1, ten distinct
	 * creation times, names {@code ticket-001}..., a note that needs CSV quoting on
	 * ticket 1 and notes that a spreadsheet would run as formulas on tickets 3 to 8.
	 * @param dataSource the database
	 * @param count the number of rows
	 */
	public static void createTickets(DataSource dataSource, int count) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table ticket (id bigint primary key, name varchar(100) not null, "
				+ "created_at timestamp with time zone not null, note text, archived boolean not null default false)");
		jdbc.update("insert into ticket (id, name, created_at, note) select i, 'ticket-' || lpad(i::text, 3, '0'), "
				+ "timestamp with time zone '2026-01-01 00:00:00+00' + (i % 10) * interval '1 hour', "
				+ "case when i = 1 then e'has \"quotes\", commas\\nand a newline' "
				+ "when i between 3 and 8 then (array[e'=HYPERLINK(\"http://evil.example\")', '+1+1', '-2+3', "
				+ "'@SUM(A1)', e'\\tTAB', e'\\rCR'])[i - 2] else 'plain' end " + "from generate_series(1, ?) as i",
				count);
	}

	/**
	 * Creates the {@code reading} table with {@code count} rows of sensor
	 * {@code sensor-N} (N = id mod 10) and {@code walkCount} more rows of sensor
	 * {@code walk}, whose recording times repeat so that only the id makes keys unique.
	 * @param dataSource the database
	 * @param count the number of sensor rows
	 * @param walkCount the number of {@code walk} rows
	 */
	public static void createReadings(DataSource dataSource, int count, int walkCount) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table reading (id bigint primary key, sensor varchar(20) not null, "
				+ "value double precision not null, recorded_at timestamp with time zone not null)");
		jdbc.update("insert into reading select i, 'sensor-' || (i % 10), i / 10.0, "
				+ "timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '1 second' "
				+ "from generate_series(1, ?) as i", count);
		insertWalkReadings(dataSource, count + 1, walkCount);
		jdbc.execute("create index reading_sensor_time on reading (sensor, recorded_at, id)");
	}

	/**
	 * Inserts {@code walk} readings with consecutive ids.
	 * @param dataSource the database
	 * @param firstId the first id
	 * @param count how many
	 */
	public static void insertWalkReadings(DataSource dataSource, long firstId, int count) {
		new JdbcTemplate(dataSource).update("insert into reading select i, 'walk', 0, "
				+ "timestamp with time zone '2026-01-01 00:00:00+00' + (i % 7) * interval '1 minute' "
				+ "from generate_series(?::bigint, ?::bigint) as i", firstId, firstId + count - 1);
	}

}
