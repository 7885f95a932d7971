package io.memguard.test.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL 18 server per test JVM, started on first use and stopped when the
 * JVM exits. Each {@link #createDatabase()} call gives a fresh, empty database on it.
 */
public final class EmbeddedPostgresServer {

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private EmbeddedPostgresServer() {
	}

	/**
	 * The shared server, started on first call.
	 * @return the running server
	 */
	public static EmbeddedPostgres server() {
		return Holder.SERVER;
	}

	/**
	 * Creates a new empty database on the shared server.
	 * @return the new database's coordinates
	 */
	public static TestDatabase createDatabase() {
		String name = "memguard_test_" + ProcessHandle.current().pid() + "_" + databaseCounter.incrementAndGet();
		EmbeddedPostgres server = server();
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return new TestDatabase(name, server.getJdbcUrl("postgres", name), "postgres", "postgres");
	}

	private static final class Holder {

		// max_connections is raised because several application contexts (each with a
		// pool) may share
		// the server in one test JVM.
		static final EmbeddedPostgres SERVER = start();

		private static EmbeddedPostgres start() {
			try {
				EmbeddedPostgres server = EmbeddedPostgres.builder()
					.setServerConfig("max_connections", "300")
					.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off")
					.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						server.close();
					}
					catch (IOException ex) {
						// The JVM is exiting; the data directory is temporary anyway.
					}
				}, "embedded-postgres-shutdown"));
				return server;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
			}
		}

	}

}
