package io.memguard.cache.broadcast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} transport.
 * <p>
 * Publishing runs {@code pg_notify} on the connection of the current Spring transaction
 * when one is active (so the notification is delivered if and only if the transaction
 * commits, in commit order), else on a pooled connection in auto-commit.
 * <p>
 * Listening uses a dedicated connection, never a pool slot, opened with the PostgreSQL
 * driver from the data source's URL and credentials, and polled by a daemon thread with
 * {@link PGConnection#getNotifications(int)} and a timeout. Once per timeout the
 * connection is validated (which also samples {@code pg_notification_queue_usage()}), so
 * a silently dead link is noticed even when nothing arrives; a dead connection is
 * replaced, with exponential backoff between attempts, and every successful
 * {@code LISTEN} is reported as a gap.
 */
class PostgresCacheBroadcastTransport implements CacheInvalidationTransport {

	/** PostgreSQL payloads must be shorter than 8000 bytes. */
	static final int MAX_PAYLOAD_BYTES = 7999;

	private static final Log logger = LogFactory.getLog(PostgresCacheBroadcastTransport.class);

	// Used directly rather than through DriverManager, whose driver lookup depends on
	// class loaders (nested jars, for example).
	private static final Driver driver = new Driver();

	private final DataSource dataSource;

	private final PostgresListenerConnectionDetails listenerConnection;

	private final String channel;

	private final Duration pollTimeout;

	private final Duration backoffMin;

	private final Duration backoffMax;

	private volatile Thread listener;

	private volatile Connection listening;

	private volatile boolean connected;

	private volatile Integer listenerPid;

	private volatile Double queueUsage;

	/**
	 * Creates a transport.
	 * @param dataSource the application's data source, used to publish
	 * @param listenerConnection where the listener opens its own connection
	 * @param properties the settings
	 */
	PostgresCacheBroadcastTransport(DataSource dataSource, PostgresListenerConnectionDetails listenerConnection,
			PostgresCacheBroadcastProperties properties) {
		this.dataSource = dataSource;
		this.listenerConnection = listenerConnection;
		this.channel = properties.getChannel();
		this.pollTimeout = properties.getPollTimeout();
		this.backoffMin = properties.getReconnectBackoffMin();
		this.backoffMax = properties.getReconnectBackoffMax();
	}

	@Override
	public int maxPayloadBytes() {
		return MAX_PAYLOAD_BYTES;
	}

	@Override
	public boolean joinsTransaction() {
		return true;
	}

	@Override
	public void publish(String payload) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try (PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
			statement.setString(1, this.channel);
			statement.setString(2, payload);
			statement.execute();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not notify channel " + this.channel, ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	@Override
	public synchronized void subscribe(Consumer<String> payloads, Runnable gap) {
		if (this.listener != null) {
			return;
		}
		Thread thread = new Thread(() -> listen(payloads, gap), "memguard-cache-broadcast");
		thread.setDaemon(true);
		this.listener = thread;
		thread.start();
	}

	@Override
	public void unsubscribe() {
		Thread thread;
		synchronized (this) {
			thread = this.listener;
			this.listener = null;
		}
		if (thread == null) {
			return;
		}
		thread.interrupt();
		abortListeningConnection();
		try {
			thread.join(this.pollTimeout.toMillis() + 5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// A read blocked in getNotifications ignores interrupts; aborting the connection
	// closes its socket so the listener stops now rather than after the poll timeout.
	private void abortListeningConnection() {
		Connection connection = this.listening;
		if (connection != null) {
			try {
				connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Could not abort the cache invalidation listener's connection", ex);
			}
		}
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	/**
	 * The backend process id of the listener's connection, for example to find it in
	 * {@code pg_stat_activity}.
	 * @return the pid, or {@code null} when not connected
	 */
	public Integer getListenerPid() {
		return this.listenerPid;
	}

	@Override
	public Map<String, Object> describe() {
		return describe(false);
	}

	@Override
	public Map<String, Object> describe(boolean showDetails) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("transport", "postgres");
		state.put("channel", this.channel);
		if (showDetails) {
			state.put("listenerPid", this.listenerPid);
		}
		state.put("notificationQueueUsage", this.queueUsage);
		return state;
	}

	private boolean isCurrentListener() {
		return this.listener == Thread.currentThread() && !Thread.currentThread().isInterrupted();
	}

	private void listen(Consumer<String> payloads, Runnable gap) {
		long backoff = this.backoffMin.toMillis();
		while (isCurrentListener()) {
			try (Connection connection = connect()) {
				this.listening = connection;
				if (!isCurrentListener()) {
					return;
				}
				subscribe(connection);
				backoff = this.backoffMin.toMillis();
				gap.run();
				this.connected = true;
				receive(connection, payloads);
			}
			catch (SQLException | RuntimeException ex) {
				if (isCurrentListener()) {
					logger.warn("Cache invalidation listener on channel " + this.channel + " has no connection ("
							+ ex.getMessage() + "); reconnecting in " + backoff + " ms");
				}
			}
			finally {
				this.connected = false;
				this.listening = null;
				this.listenerPid = null;
			}
			if (!isCurrentListener() || !sleep(backoff)) {
				return;
			}
			backoff = Math.min(backoff * 2, this.backoffMax.toMillis());
		}
	}

	private Connection connect() throws SQLException {
		Properties info = new Properties();
		if (this.listenerConnection.username() != null) {
			info.setProperty("user", this.listenerConnection.username());
		}
		if (this.listenerConnection.password() != null) {
			info.setProperty("password", this.listenerConnection.password());
		}
		info.setProperty("ApplicationName", "memguard-cache-listener");
		info.setProperty("tcpKeepAlive", "true");
		Connection connection = driver.connect(this.listenerConnection.url(), info);
		if (connection == null) {
			throw new SQLException("Not a PostgreSQL URL: " + this.listenerConnection.url());
		}
		connection.setAutoCommit(true);
		return connection;
	}

	private void subscribe(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN \"" + this.channel.replace("\"", "\"\"") + "\"");
			try (ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
				result.next();
				this.listenerPid = result.getInt(1);
			}
		}
		sampleQueueUsage(connection);
	}

	private void receive(Connection connection, Consumer<String> payloads) throws SQLException {
		PGConnection notifications = connection.unwrap(PGConnection.class);
		long timeout = Math.max(1, Math.min(Integer.MAX_VALUE, this.pollTimeout.toMillis()));
		long lastValidation = System.nanoTime();
		while (isCurrentListener()) {
			PGNotification[] received = notifications.getNotifications((int) timeout);
			if (received != null) {
				for (PGNotification notification : received) {
					if (this.channel.equals(notification.getName())) {
						payloads.accept(notification.getParameter());
					}
				}
			}
			if (System.nanoTime() - lastValidation >= TimeUnit.MILLISECONDS.toNanos(timeout)) {
				validate(connection);
				lastValidation = System.nanoTime();
			}
		}
	}

	private void validate(Connection connection) throws SQLException {
		int seconds = (int) Math.max(1, this.pollTimeout.toSeconds());
		if (!connection.isValid(seconds)) {
			throw new SQLException("listener connection is no longer valid");
		}
		sampleQueueUsage(connection);
	}

	private void sampleQueueUsage(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_notification_queue_usage()")) {
			result.next();
			this.queueUsage = result.getDouble(1);
		}
	}

	private static boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
