package io.memguard.benchmarks.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;

import javax.sql.DataSource;

import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;

/**
 * Page latency with and without the index Memguard's startup check suggests, on 1 000 000
 * rows in an embedded PostgreSQL 18: an offset page sorted by {@code amount} (the
 * sample's {@code sortable = "amount"}) and a keyset page on {@code (created_at, id)} (a
 * {@code CursorQuery} sorted by {@code createdAt}), each first without an index leading
 * with those columns, then after the suggested {@code CREATE INDEX CONCURRENTLY}.
 * <p>
 * Run: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * io.memguard.benchmarks.schema.SortIndexLatency [rows]}
 */
public final class SortIndexLatency {

	private static final int WARMUP = 5;

	private static final int CALLS = 20;

	private SortIndexLatency() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		DataSource dataSource = database.unpooledDataSource();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create table booking (id bigint primary key, guest_name varchar(100) not null,"
					+ " created_at timestamp with time zone not null, amount numeric(10, 2) not null)");
			statement.execute("insert into booking select i, 'guest ' || i, timestamp with time zone"
					+ " '2026-01-01 00:00:00+00' + (random() * 365 * 86400) * interval '1 second',"
					+ " round((random() * 1000)::numeric, 2) from generate_series(1, " + rows + ") i");
			statement.execute("vacuum analyze booking");
		}
		System.out.printf("%,d rows%n", rows);
		System.out.println("| Query | Without the index | With the suggested index |");
		System.out.println("|---|---|---|");
		String[] offsetFirst = { "", "" };
		String[] offsetDeep = { "", "" };
		String[] keyset = { "", "" };
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1) {
				long start = System.nanoTime();
				execute(dataSource, "CREATE INDEX CONCURRENTLY booking_amount_idx ON booking (amount)");
				execute(dataSource, "CREATE INDEX CONCURRENTLY booking_created_at_id_idx ON booking (created_at, id)");
				execute(dataSource, "analyze booking");
				System.out.printf("(both indexes built concurrently in %d ms)%n",
						(System.nanoTime() - start) / 1_000_000);
			}
			offsetFirst[pass] = latency(dataSource,
					"select id, guest_name, amount from booking order by amount limit 50 offset 0", null);
			offsetDeep[pass] = latency(dataSource,
					"select id, guest_name, amount from booking order by amount limit 50 offset 5000", null);
			Timestamp middle = middle(dataSource);
			keyset[pass] = latency(dataSource,
					"select id, guest_name, created_at from booking"
							+ " where created_at >= ? and (created_at > ? or (created_at = ? and id > ?))"
							+ " order by created_at, id limit 50",
					middle);
		}
		System.out.printf("| Offset page 1, `sort=amount` | %s | %s |%n", offsetFirst[0], offsetFirst[1]);
		System.out.printf("| Offset page 101, `sort=amount` | %s | %s |%n", offsetDeep[0], offsetDeep[1]);
		System.out.printf("| Keyset page mid-table, `(created_at, id)` | %s | %s |%n", keyset[0], keyset[1]);
		System.exit(0);
	}

	private static Timestamp middle(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("select percentile_disc(0.5) within group (order by created_at) from booking")) {
			result.next();
			return result.getTimestamp(1);
		}
	}

	private static String latency(DataSource dataSource, String sql, Timestamp after) throws SQLException {
		double[] millis = new double[CALLS];
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			if (after != null) {
				statement.setTimestamp(1, after);
				statement.setTimestamp(2, after);
				statement.setTimestamp(3, after);
				statement.setLong(4, 0);
			}
			for (int i = 0; i < WARMUP + CALLS; i++) {
				long start = System.nanoTime();
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						// read the page
					}
				}
				if (i >= WARMUP) {
					millis[i - WARMUP] = (System.nanoTime() - start) / 1e6;
				}
			}
		}
		Arrays.sort(millis);
		return String.format("%.2f ms (p95 %.2f)", millis[CALLS / 2], millis[(int) (CALLS * 0.95) - 1]);
	}

	private static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
