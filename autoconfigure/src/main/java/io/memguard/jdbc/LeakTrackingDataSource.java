package io.memguard.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A HikariCP pool that remembers, for every borrowed connection, when and where it was
 * taken, until it is closed. Takes the place of Spring Boot's {@link HikariDataSource}
 * (same type, so code that casts to it keeps working). Costs a map entry and a captured,
 * not yet resolved, stack per borrow. Returns connections whose auto-commit Memguard
 * turned off the way auto-commit code expects.
 */
public class LeakTrackingDataSource extends HikariDataSource {

	private static final int FRAMES = 3;

	private static final List<String> FRAMEWORK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
			"jakarta.", "org.springframework.", "com.zaxxer.", "org.hibernate.", "org.postgresql.", "org.apache.",
			"org.h2.", "org.junit.", "net.bytebuddy.", "io.micrometer.");

	private final Map<Connection, Borrow> borrowed = new ConcurrentHashMap<>();

	private final Duration leakThreshold;

	private final AtomicLong leaksDetected = new AtomicLong();

	private final boolean commitOutsideTransactions;

	/**
	 * Creates a new instance with the configuration of a pool that has not started yet.
	 * @param configuration the configuration to copy
	 * @param commitOutsideTransactions whether to commit, on close, work done outside a
	 * Spring transaction on a connection whose auto-commit was turned off by Memguard
	 * rather than by its user; the pool would otherwise roll it back
	 */
	public LeakTrackingDataSource(HikariConfig configuration, boolean commitOutsideTransactions) {
		configuration.copyStateTo(this);
		long threshold = getLeakDetectionThreshold();
		this.leakThreshold = (threshold > 0) ? Duration.ofMillis(threshold) : HikariDefaults.LEAK_DETECTION_THRESHOLD;
		this.commitOutsideTransactions = commitOutsideTransactions;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return track(super.getConnection());
	}

	private Connection track(Connection connection) {
		Connection proxy = (Connection) Proxy.newProxyInstance(LeakTrackingDataSource.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new ReturningHandler(connection));
		this.borrowed.put(proxy, new Borrow(System.nanoTime(), Thread.currentThread().getName(), new Throwable()));
		return proxy;
	}

	/**
	 * The first application frames of the code that took a connection. Resolved from the
	 * borrow's throwable only when listed: filling in a stack trace is cheap, turning it
	 * into frames is not.
	 */
	private static List<String> takenAt(Throwable borrow) {
		return Arrays.stream(borrow.getStackTrace())
			.filter((frame) -> FRAMEWORK_PREFIXES.stream().noneMatch(frame.getClassName()::startsWith)
					&& !frame.getClassName().startsWith(LeakTrackingDataSource.class.getName()))
			.limit(FRAMES)
			.map((frame) -> frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber())
			.toList();
	}

	/**
	 * How long a connection may be held before it counts as leaked.
	 * @return the threshold
	 */
	public Duration getLeakThreshold() {
		return this.leakThreshold;
	}

	/**
	 * Connections held longer than the threshold, longest first.
	 * @return the leaks
	 */
	public List<Leak> leaks() {
		long now = System.nanoTime();
		List<Leak> leaks = new ArrayList<>();
		for (Borrow borrow : this.borrowed.values()) {
			Duration held = Duration.ofNanos(now - borrow.nanoTime());
			if (held.compareTo(this.leakThreshold) > 0) {
				count(borrow);
				leaks.add(new Leak(held, borrow.thread(), takenAt(borrow.stack())));
			}
		}
		leaks.sort(Comparator.comparing(Leak::heldFor).reversed());
		return leaks;
	}

	/**
	 * Number of connections seen held longer than the threshold since startup, counted
	 * once each, when listed or when returned.
	 * @return the count
	 */
	public long leaksDetected() {
		leaks();
		return this.leaksDetected.get();
	}

	private void count(Borrow borrow) {
		if (borrow.counted().compareAndSet(false, true)) {
			this.leaksDetected.incrementAndGet();
		}
	}

	private void returned(Connection proxy) {
		Borrow borrow = this.borrowed.remove(proxy);
		if (borrow != null && System.nanoTime() - borrow.nanoTime() > this.leakThreshold.toNanos()) {
			count(borrow);
		}
	}

	/**
	 * A connection held longer than the threshold.
	 *
	 * @param heldFor how long it has been held
	 * @param thread the thread that took it
	 * @param takenAt the first application frames of the stack that took it
	 */
	public record Leak(Duration heldFor, String thread, List<String> takenAt) {
	}

	private record Borrow(long nanoTime, String thread, Throwable stack, AtomicBoolean counted) {

		Borrow(long nanoTime, String thread, Throwable stack) {
			this(nanoTime, thread, stack, new AtomicBoolean());
		}

	}

	private final class ReturningHandler implements InvocationHandler {

		private final Connection target;

		private boolean autoCommitChanged;

		ReturningHandler(Connection target) {
			this.target = target;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "setAutoCommit":
					this.autoCommitChanged = true;
					break;
				case "close":
					returned((Connection) proxy);
					try {
						commitWorkOutsideTransactions();
					}
					finally {
						this.target.close();
					}
					return null;
				case "unwrap":
					if (((Class<?>) args[0]).isInstance(proxy)) {
						return proxy;
					}
					break;
				default:
			}
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		/**
		 * Plain JDBC code (a {@code JdbcTemplate} outside {@code @Transactional}) expects
		 * auto-commit; without this, the pool would silently roll its writes back.
		 */
		private void commitWorkOutsideTransactions() throws SQLException {
			if (LeakTrackingDataSource.this.commitOutsideTransactions && !this.autoCommitChanged
					&& !this.target.isClosed() && !TransactionSynchronizationManager.isActualTransactionActive()
					&& !this.target.getAutoCommit()) {
				this.target.commit();
			}
		}

	}

}
