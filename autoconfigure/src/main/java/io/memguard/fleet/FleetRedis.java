package io.memguard.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The fleet's link to Redis: commands sent on the shared native connection of Spring
 * Boot's {@link LettuceConnectionFactory}, each waited for at most a timeout, and whether
 * Redis is usable now.
 * <p>
 * The first command that fails or times out ends fleet mode: Memguard falls back to the
 * local limits of each instance (fails open), says so once in the log, and counts every
 * decision taken locally. While it is so, no request waits for Redis: one background
 * probe pings it every recovery interval, and once it answers, every {@link Recovery}
 * (such as re-registering the leases this instance holds) runs before fleet mode resumes.
 */
public class FleetRedis implements DisposableBean {

	private static final Log logger = LogFactory.getLog(FleetRedis.class);

	private final LettuceConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final Duration timeout;

	private final Duration backgroundTimeout;

	private final Duration recoveryInterval;

	private final ScheduledExecutorService scheduler;

	private final List<Recovery> recoveries = new CopyOnWriteArrayList<>();

	private final AtomicBoolean available = new AtomicBoolean(true);

	private final AtomicBoolean probing = new AtomicBoolean();

	private final LongAdder failedOpen = new LongAdder();

	private final LongAdder outages = new LongAdder();

	private volatile Instant unavailableSince;

	private volatile String lastFailure;

	/**
	 * Creates the link.
	 * @param connectionFactory Spring Boot's Lettuce connection factory
	 * @param keyPrefix the prefix of every key of the fleet
	 * @param timeout how long a request waits for Redis
	 * @param recoveryInterval how often Redis is probed while unavailable
	 */
	public FleetRedis(LettuceConnectionFactory connectionFactory, String keyPrefix, Duration timeout,
			Duration recoveryInterval) {
		this.connectionFactory = connectionFactory;
		this.keyPrefix = keyPrefix;
		this.timeout = timeout;
		this.backgroundTimeout = (timeout.compareTo(Duration.ofSeconds(1)) > 0) ? timeout : Duration.ofSeconds(1);
		this.recoveryInterval = recoveryInterval;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "memguard-fleet");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.scheduler = executor;
	}

	/**
	 * A key of the fleet.
	 * @param suffix what follows the prefix
	 * @return the key's bytes
	 */
	public byte[] key(String suffix) {
		return (this.keyPrefix + suffix).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The prefix of every key of the fleet.
	 * @return the prefix
	 */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Whether Redis answered the last command: fleet mode is on.
	 * @return {@code true} in fleet mode, {@code false} while failing open
	 */
	public boolean isAvailable() {
		return this.available.get();
	}

	/**
	 * Sends a script and waits for its result at most the request timeout. Ends fleet
	 * mode when Redis fails or is too slow.
	 * @param <T> the result type
	 * @param script the script
	 * @param keys the keys it touches
	 * @param args its arguments
	 * @return the result, or {@code null} when Redis did not answer in time (fleet mode
	 * is then off)
	 */
	public <T> T evalNow(Script script, byte[][] keys, byte[]... args) {
		return await(eval(script, keys, args), this.timeout);
	}

	/**
	 * Sends a script for a background task and waits for its result longer than a request
	 * would.
	 * @param <T> the result type
	 * @param script the script
	 * @param keys the keys it touches
	 * @param args its arguments
	 * @return the result, or {@code null} when Redis did not answer (fleet mode is then
	 * off)
	 */
	public <T> T evalInBackground(Script script, byte[][] keys, byte[]... args) {
		return await(eval(script, keys, args), this.backgroundTimeout);
	}

	/**
	 * Sends a script without waiting for it. A failure ends fleet mode.
	 * @param script the script
	 * @param keys the keys it touches
	 * @param args its arguments
	 * @param onFailure told when the script failed
	 */
	public void evalAndForget(Script script, byte[][] keys, byte[][] args, Runnable onFailure) {
		this.<Object>eval(script, keys, args).whenComplete((result, failure) -> {
			if (failure != null) {
				onFailure.run();
				unavailable(failure);
			}
		});
	}

	private <T> CompletableFuture<T> eval(Script script, byte[][] keys, byte[]... args) {
		return send((commands) -> commands.<T>evalsha(script.sha(), script.outputType(), keys, args))
			.exceptionallyCompose((failure) -> (unwrap(failure) instanceof RedisNoScriptException)
					? send((commands) -> commands.<T>eval(script.source(), script.outputType(), keys, args))
					: CompletableFuture.failedFuture(failure));
	}

	/**
	 * Sends a command on the factory's shared native connection.
	 * @param <T> the result type
	 * @param command the command
	 * @return its result
	 */
	<T> CompletableFuture<T> send(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
		LettuceConnection connection;
		try {
			connection = (LettuceConnection) this.connectionFactory.getConnection();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		try {
			CompletableFuture<T> result = command.apply(connection.getNativeConnection()).toCompletableFuture();
			// closed once answered: a dedicated connection would cancel what is in flight
			result.whenComplete((value, failure) -> connection.close());
			return result;
		}
		catch (RuntimeException ex) {
			connection.close();
			return CompletableFuture.failedFuture(ex);
		}
	}

	private <T> T await(CompletableFuture<T> future, Duration timeout) {
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			unavailable(ex);
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			unavailable(ex);
			return null;
		}
	}

	/**
	 * Counts one decision taken on local counts because Redis was unavailable.
	 */
	public void failedOpen() {
		this.failedOpen.increment();
	}

	/**
	 * Ends fleet mode after a failure, logging it once per outage, and starts probing
	 * Redis for its return.
	 * @param cause what failed
	 */
	public void unavailable(Throwable cause) {
		if (!this.available.compareAndSet(true, false)) {
			return;
		}
		this.unavailableSince = Instant.now();
		this.lastFailure = describe(cause);
		this.outages.increment();
		logger.warn("Redis is unavailable (" + this.lastFailure + "); Memguard's fleet limits fall back to the "
				+ "local limits of each instance until it answers again");
		scheduleProbe();
	}

	private void scheduleProbe() {
		if (this.probing.compareAndSet(false, true)) {
			try {
				this.scheduler.schedule(this::probe, this.recoveryInterval.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				this.probing.set(false);
			}
		}
	}

	private void probe() {
		this.probing.set(false);
		if (this.available.get()) {
			return;
		}
		try {
			send(RedisClusterAsyncCommands::ping).get(this.backgroundTimeout.toNanos(), TimeUnit.NANOSECONDS);
			for (Recovery recovery : this.recoveries) {
				recovery.recover();
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				return;
			}
			this.lastFailure = describe(ex);
			scheduleProbe();
			return;
		}
		Duration outage = Duration.between(this.unavailableSince, Instant.now());
		this.available.set(true);
		this.unavailableSince = null;
		logger.info("Redis answers again after " + outage.toMillis() + " ms; Memguard's fleet limits are shared again");
		// work left to do by a recovery that raced with releases made meanwhile
		this.recoveries.forEach(Recovery::afterRecovery);
	}

	/**
	 * Registers work to redo with Redis before fleet mode resumes after an outage.
	 * @param recovery the work
	 */
	public void addRecovery(Recovery recovery) {
		this.recoveries.add(recovery);
	}

	/**
	 * Runs a task periodically on the fleet's thread until shutdown.
	 * @param task the task; exceptions are logged and the task keeps its schedule
	 * @param period the period
	 * @return the schedule
	 */
	public ScheduledFuture<?> every(Runnable task, Duration period) {
		long nanos = period.toNanos();
		return this.scheduler.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Runs a task once, soon, on the fleet's thread, after any task running there now.
	 * @param task the task
	 * @return its completion, or {@code null} when the fleet is shutting down
	 */
	public Future<?> soon(Runnable task) {
		try {
			return this.scheduler.submit(guarded(task));
		}
		catch (RuntimeException ex) {
			logger.debug("Fleet task not run: shutting down", ex);
			return null;
		}
	}

	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Fleet task failed", ex);
			}
		};
	}

	/**
	 * What the fail-open state is now.
	 * @return the state
	 */
	public FailOpenState failOpenState() {
		return new FailOpenState(!this.available.get(), this.unavailableSince, this.outages.sum(),
				this.failedOpen.sum(), this.available.get() ? null : this.lastFailure);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String describe(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof TimeoutException) {
			return "no answer in time";
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	/**
	 * Work redone with Redis when it answers again after an outage.
	 */
	public interface Recovery {

		/**
		 * Redoes the work. Fleet mode resumes only when every recovery succeeds.
		 * @throws RuntimeException if Redis failed meanwhile
		 */
		void recover();

		/**
		 * Called once fleet mode has resumed.
		 */
		default void afterRecovery() {
		}

	}

	/**
	 * A Lua script, sent by its SHA-1 digest and loaded when Redis does not know it
	 * (after a restart, say).
	 *
	 * @param source the script
	 * @param sha its SHA-1 digest in hex
	 * @param outputType the type of its result
	 */
	public record Script(String source, String sha, ScriptOutputType outputType) {

		/**
		 * A script.
		 * @param source the Lua source
		 * @param outputType the type of its result
		 * @return the script
		 */
		public static Script of(String source, ScriptOutputType outputType) {
			return new Script(source, sha1(source), outputType);
		}

		private static String sha1(String source) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * Whether the limits fail open now, and since when.
	 *
	 * @param failingOpen whether the limits fall back to local counts now
	 * @param since when Redis became unavailable, or {@code null}
	 * @param outages how many times Redis became unavailable since startup
	 * @param localDecisions decisions taken on local counts because Redis was unavailable
	 * @param lastFailure what failed, while failing open
	 */
	public record FailOpenState(boolean failingOpen, Instant since, long outages, long localDecisions,
			String lastFailure) {
	}

}
