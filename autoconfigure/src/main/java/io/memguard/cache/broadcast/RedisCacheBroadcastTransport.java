package io.memguard.cache.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Redis pub/sub transport, through Spring Boot's {@link RedisConnectionFactory}.
 * <p>
 * Redis pub/sub is at most once and knows nothing of transactions: invalidations are
 * published <em>after</em> the writing transaction commits (see
 * {@link #joinsTransaction()}), from one sender thread so that the committing thread
 * never waits for Redis. Each instance numbers its messages; a receiver that sees a
 * number skipped, or learns from a sender's heartbeat (sent every heartbeat interval with
 * its last number) that it missed the last ones, reports a gap, and the caches are
 * cleared, as after every (re)subscription. A message that could not be sent still
 * consumed its number, so the other instances find out. Each instance also hears its own
 * heartbeats: when they stop coming back the subscription is taken for dead, and the next
 * message that arrives reports a gap first.
 * <p>
 * A frame is {@code sender|number|payload}; a heartbeat has an empty payload. Only the
 * codec's invalidations travel, never cached values.
 */
class RedisCacheBroadcastTransport implements CacheInvalidationTransport {

	/** Invalidations of more keys are degraded to a clear of the cache. */
	static final int MAX_PAYLOAD_BYTES = 64 * 1024;

	private static final int SEND_QUEUE_CAPACITY = 10_000;

	private static final Log logger = LogFactory.getLog(RedisCacheBroadcastTransport.class);

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final byte[] channelBytes;

	private final Duration heartbeatInterval;

	private final String senderId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final BlockingQueue<byte[]> toSend = new ArrayBlockingQueue<>(SEND_QUEUE_CAPACITY);

	private final Map<String, Sender> senders = new ConcurrentHashMap<>();

	private final AtomicLong lostMessages = new AtomicLong();

	private final AtomicLong sendFailures = new AtomicLong();

	private long sequence;

	private volatile Thread sender;

	private volatile RedisMessageListenerContainer container;

	private volatile Consumer<String> payloads;

	private volatile Runnable gap;

	private volatile boolean subscribed;

	private volatile boolean suspectedDead;

	private volatile long lastEchoNanos;

	/**
	 * Creates a transport.
	 * @param connectionFactory Spring Boot's Redis connection factory
	 * @param channel the channel shared by every instance of the application
	 * @param heartbeatInterval how often each instance sends the number of its last
	 * message
	 */
	RedisCacheBroadcastTransport(RedisConnectionFactory connectionFactory, String channel, Duration heartbeatInterval) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		this.heartbeatInterval = heartbeatInterval;
	}

	@Override
	public int maxPayloadBytes() {
		return MAX_PAYLOAD_BYTES;
	}

	@Override
	public void publish(String payload) {
		if (!enqueue(payload)) {
			throw new IllegalStateException(SEND_QUEUE_CAPACITY + " invalidations are waiting for Redis already");
		}
	}

	// Numbers are taken in the order frames are queued, and one thread sends them in that
	// order: a receiver never sees them out of order from a healthy sender.
	private synchronized boolean enqueue(String payload) {
		long number = ++this.sequence;
		boolean queued = this.toSend.offer(frame(number, payload));
		if (!queued) {
			this.sendFailures.incrementAndGet();
		}
		return queued;
	}

	private synchronized byte[] heartbeatFrame() {
		return frame(this.sequence, "");
	}

	private byte[] frame(long number, String payload) {
		return (this.senderId + "|" + number + "|" + payload).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public synchronized void subscribe(Consumer<String> payloads, Runnable gap) {
		if (this.container != null) {
			return;
		}
		this.payloads = payloads;
		this.gap = gap;
		this.lastEchoNanos = System.nanoTime();
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		// frames are handled in the order they arrive, on the connection's thread
		container.setTaskExecutor(new SyncTaskExecutor());
		container.addMessageListener(new Listener(), new ChannelTopic(this.channel));
		container.afterPropertiesSet();
		// started by the sender thread, which retries at every heartbeat while Redis is
		// down: an instance starts without Redis and subscribes when it comes up
		this.container = container;
		Thread thread = new Thread(this::send, "memguard-cache-broadcast-redis");
		thread.setDaemon(true);
		this.sender = thread;
		thread.start();
	}

	@Override
	public void unsubscribe() {
		RedisMessageListenerContainer container;
		Thread thread;
		synchronized (this) {
			container = this.container;
			thread = this.sender;
			this.container = null;
			this.sender = null;
		}
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (container != null) {
			try {
				container.stop();
				container.destroy();
			}
			catch (Exception ex) {
				logger.debug("Could not stop the cache invalidation subscription", ex);
			}
		}
		this.subscribed = false;
	}

	private void send() {
		long heartbeatNanos = this.heartbeatInterval.toNanos();
		long nextHeartbeat = System.nanoTime();
		while (this.sender == Thread.currentThread()) {
			try {
				long wait = nextHeartbeat - System.nanoTime();
				byte[] frame = (wait > 0) ? this.toSend.poll(wait, TimeUnit.NANOSECONDS) : null;
				if (frame == null) {
					frame = heartbeatFrame();
					nextHeartbeat = System.nanoTime() + heartbeatNanos;
					listen(this.container);
					checkEcho(heartbeatNanos);
					forgetSilentSenders(heartbeatNanos);
				}
				publishFrame(frame);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void listen(RedisMessageListenerContainer container) {
		if (container == null || this.subscribed) {
			return;
		}
		try {
			// a start that failed leaves the container half started
			if (container.isRunning()) {
				container.stop();
			}
			container.start();
		}
		catch (RuntimeException ex) {
			logger.debug("Cache invalidation subscription on Redis channel " + this.channel + " not started yet", ex);
		}
	}

	private void publishFrame(byte[] frame) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.publish(this.channelBytes, frame);
		}
		catch (RuntimeException ex) {
			// its number is lost with it: receivers see the gap at the next frame
			this.sendFailures.incrementAndGet();
			logger.debug("Could not publish a cache invalidation frame on " + this.channel, ex);
		}
	}

	private void checkEcho(long heartbeatNanos) {
		if (this.subscribed && System.nanoTime() - this.lastEchoNanos > 3 * heartbeatNanos && !this.suspectedDead) {
			this.suspectedDead = true;
			logger.warn("Cache invalidation subscription on Redis channel " + this.channel
					+ " hears nothing, not even this instance's heartbeats; the caches will be cleared when it does");
		}
	}

	private void forgetSilentSenders(long heartbeatNanos) {
		long now = System.nanoTime();
		this.senders.values().removeIf((sender) -> now - sender.lastSeenNanos > 3 * heartbeatNanos);
	}

	void receive(byte[] body) {
		String frame = new String(body, StandardCharsets.UTF_8);
		int first = frame.indexOf('|');
		int second = (first > 0) ? frame.indexOf('|', first + 1) : -1;
		long number;
		try {
			number = (second > first) ? Long.parseLong(frame, first + 1, second, 10) : -1;
		}
		catch (NumberFormatException ex) {
			number = -1;
		}
		if (number < 0) {
			// not a frame of ours: the relay logs it as malformed
			this.payloads.accept(frame);
			return;
		}
		if (this.suspectedDead) {
			this.suspectedDead = false;
			reportGap();
		}
		String senderId = frame.substring(0, first);
		String payload = frame.substring(second + 1);
		if (senderId.equals(this.senderId)) {
			this.lastEchoNanos = System.nanoTime();
		}
		else {
			track(senderId, number, payload.isEmpty());
		}
		if (!payload.isEmpty()) {
			this.payloads.accept(payload);
		}
	}

	private void track(String senderId, long number, boolean heartbeat) {
		Sender sender = this.senders.get(senderId);
		// the numbers before the first one seen may have been sent since this instance
		// subscribed: only a sender's first message, or a heartbeat before any, proves
		// nothing was missed
		boolean missed;
		if (sender == null) {
			sender = new Sender();
			this.senders.put(senderId, sender);
			missed = heartbeat ? number > 0 : number > 1;
		}
		else {
			missed = heartbeat ? number > sender.lastNumber : number > sender.lastNumber + 1;
		}
		sender.lastNumber = Math.max(sender.lastNumber, number);
		sender.lastSeenNanos = System.nanoTime();
		if (missed) {
			this.lostMessages.incrementAndGet();
			reportGap();
		}
	}

	private void reportGap() {
		Runnable gap = this.gap;
		if (gap != null) {
			gap.run();
		}
	}

	@Override
	public boolean isConnected() {
		return this.subscribed && !this.suspectedDead;
	}

	@Override
	public Map<String, Object> describe() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("transport", "redis");
		state.put("channel", this.channel);
		state.put("sendersSeen", this.senders.size());
		state.put("lostMessages", this.lostMessages.get());
		state.put("queued", this.toSend.size());
		state.put("publishFailures", this.sendFailures.get());
		return state;
	}

	private static final class Sender {

		private long lastNumber;

		private volatile long lastSeenNanos;

	}

	private final class Listener implements MessageListener, SubscriptionListener {

		@Override
		public void onMessage(Message message, byte[] pattern) {
			receive(message.getBody());
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			RedisCacheBroadcastTransport.this.subscribed = true;
			RedisCacheBroadcastTransport.this.suspectedDead = false;
			RedisCacheBroadcastTransport.this.lastEchoNanos = System.nanoTime();
			reportGap();
		}

		@Override
		public void onChannelUnsubscribed(byte[] channel, long count) {
			RedisCacheBroadcastTransport.this.subscribed = false;
		}

	}

}
