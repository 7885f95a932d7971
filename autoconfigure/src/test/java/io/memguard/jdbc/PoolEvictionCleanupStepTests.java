package io.memguard.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import io.memguard.cleanup.CleanupContext;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;
import io.memguard.test.postgres.PostgresDatabase;
import io.memguard.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool's cleanup step on a real HikariCP pool and PostgreSQL: idle connections are
 * closed and replaced by new server sessions.
 */
class PoolEvictionCleanupStepTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@Test
	void idleConnectionsAreReplacedByNewSessions() throws Exception {
		TestDatabase database = postgres.get();
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl(database.jdbcUrl());
			pool.setUsername(database.username());
			pool.setPassword(database.password());
			pool.setMaximumPoolSize(2);
			pool.setMinimumIdle(2);
			Set<Integer> before = backendPids(pool);
			await().atMost(Duration.ofSeconds(30)).until(() -> pool.getHikariPoolMXBean().getIdleConnections() == 2);
			Object result = new PoolEvictionCleanupStep(pool)
				.clean(new CleanupContext(new MemorySnapshot(MemoryPressureLevel.CRITICAL, 1, 2, -1, -1, 0), false));
			assertThat(result)
				.isEqualTo(Map.of("connectionsBefore", 2, "idleBefore", 2, "connectionsAfter", 0, "idleAfter", 0));
			await().atMost(Duration.ofSeconds(30)).until(() -> pool.getHikariPoolMXBean().getIdleConnections() == 2);
			assertThat(backendPids(pool)).hasSize(2).doesNotContainAnyElementsOf(before);
		}
	}

	@Test
	void aDataSourceThatIsNotAStartedPoolIsSkipped() {
		try (HikariDataSource notStarted = new HikariDataSource()) {
			assertThat(new PoolEvictionCleanupStep(notStarted)
				.clean(new CleanupContext(new MemorySnapshot(MemoryPressureLevel.CRITICAL, 1, 2, -1, -1, 0), true)))
				.isEqualTo(Map.of("skipped", "no started HikariCP pool"));
		}
	}

	private static Set<Integer> backendPids(HikariDataSource pool) throws SQLException {
		Set<Integer> pids = new HashSet<>();
		try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
			pids.add(pid(first));
			pids.add(pid(second));
		}
		return pids;
	}

	private static int pid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

}
