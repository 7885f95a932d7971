package io.memguard.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.memguard.jdbc.LeakTrackingDataSource;
import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Borrowing and returning one pooled connection (no statement), straight from HikariCP
 * and from Memguard's {@link LeakTrackingDataSource} of the same configuration, on a real
 * PostgreSQL: the cost of making leaks visible.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ConnectionBorrowBenchmark {

	private HikariDataSource pool;

	private LeakTrackingDataSource tracked;

	@Setup(Level.Trial)
	public void start() {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(database.jdbcUrl());
		this.pool.setUsername(database.username());
		this.pool.setPassword(database.password());
		this.pool.setMaximumPoolSize(2);
		this.pool.setMinimumIdle(2);
		this.pool.setLeakDetectionThreshold(Duration.ofSeconds(60).toMillis());
		this.tracked = new LeakTrackingDataSource(this.pool, false);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.pool.close();
		this.tracked.close();
	}

	@Benchmark
	public boolean hikariBorrowAndReturn() throws SQLException {
		try (Connection connection = this.pool.getConnection()) {
			return connection.isReadOnly();
		}
	}

	@Benchmark
	public boolean trackedBorrowAndReturn() throws SQLException {
		try (Connection connection = this.tracked.getConnection()) {
			return connection.isReadOnly();
		}
	}

}
