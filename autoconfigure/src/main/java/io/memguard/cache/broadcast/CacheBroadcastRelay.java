package io.memguard.cache.broadcast;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.cache.CacheInvalidation;
import io.memguard.cache.CacheInvalidationBroadcaster;
import io.memguard.cache.LocalCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends this instance's invalidations through a {@link CacheInvalidationTransport} and
 * applies the other instances' invalidations locally. Its own messages (recognised by an
 * origin id chosen at random on every start) are ignored; malformed messages are logged
 * and ignored; after every gap the transport reports (a resubscription, or a loss it
 * detected) every local cache is cleared, because messages were or may have been lost.
 */
class CacheBroadcastRelay implements CacheInvalidationBroadcaster, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CacheBroadcastRelay.class);

	private final CacheInvalidationTransport transport;

	private final LocalCacheInvalidator localInvalidator;

	private final CacheBroadcastCodec codec;

	private final String origin = UUID.randomUUID().toString();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong degradedToClear = new AtomicLong();

	private final AtomicLong sendFailures = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong ignored = new AtomicLong();

	private final AtomicLong malformed = new AtomicLong();

	private final AtomicLong subscriptions = new AtomicLong();

	private volatile Instant lastGap;

	private volatile boolean running;

	/**
	 * Creates a relay.
	 * @param transport the transport
	 * @param localInvalidator applies received invalidations to this instance's caches
	 */
	CacheBroadcastRelay(CacheInvalidationTransport transport, LocalCacheInvalidator localInvalidator) {
		this.transport = transport;
		this.localInvalidator = localInvalidator;
		this.codec = new CacheBroadcastCodec(transport.maxPayloadBytes());
	}

	@Override
	public void broadcast(CacheInvalidation invalidation) {
		try {
			CacheBroadcastCodec.Encoded encoded = this.codec.encode(this.origin, invalidation);
			if (encoded == null) {
				this.sendFailures.incrementAndGet();
				logger.warn("Cannot broadcast an invalidation of cache '" + invalidation.cacheName()
						+ "': even a clear of it exceeds " + this.transport.maxPayloadBytes() + " bytes");
				return;
			}
			this.transport.publish(encoded.payload());
			this.sent.incrementAndGet();
			if (encoded.degradedToClear()) {
				this.degradedToClear.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			this.sendFailures.incrementAndGet();
			logger.warn("Could not broadcast " + invalidation, ex);
		}
	}

	@Override
	public boolean joinsTransaction() {
		return this.transport.joinsTransaction();
	}

	void receive(String payload) {
		CacheBroadcastCodec.Message message;
		try {
			message = this.codec.decode(payload);
		}
		catch (IllegalArgumentException ex) {
			this.malformed.incrementAndGet();
			logger.warn("Ignoring a malformed cache invalidation message (" + ex.getMessage() + "): "
					+ abbreviate(payload));
			return;
		}
		if (this.origin.equals(message.origin())) {
			this.ignored.incrementAndGet();
			return;
		}
		try {
			this.localInvalidator.invalidateLocally(message.invalidation());
			this.received.incrementAndGet();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not apply received " + message.invalidation(), ex);
		}
	}

	void gap() {
		try {
			this.localInvalidator.clearAllLocally();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not clear the caches after a gap in cache invalidation messages", ex);
		}
		this.lastGap = Instant.now();
		this.subscriptions.incrementAndGet();
	}

	@Override
	public void start() {
		this.transport.subscribe(this::receive, this::gap);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.transport.unsubscribe();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * The random id of this instance in messages, new on every start.
	 * @return the origin id
	 */
	public String getOrigin() {
		return this.origin;
	}

	/**
	 * The current state and counters.
	 * @return the statistics
	 */
	public Statistics statistics() {
		long subscribed = this.subscriptions.get();
		return new Statistics(this.transport.isConnected(), this.origin, this.sent.get(), this.degradedToClear.get(),
				this.sendFailures.get(), this.received.get(), this.ignored.get(), this.malformed.get(),
				Math.max(0, subscribed - 1), this.lastGap);
	}

	private static String abbreviate(String payload) {
		if (payload == null) {
			return "null";
		}
		return (payload.length() <= 200) ? payload : payload.substring(0, 200) + "...";
	}

	/**
	 * State and counters of a relay since startup.
	 *
	 * @param connected whether the subscription is connected now
	 * @param origin the id of this instance in messages
	 * @param sent messages sent
	 * @param degradedToClear messages sent as a clear of the whole cache because the keys
	 * could not be carried
	 * @param sendFailures invalidations that could not be sent
	 * @param received messages from other instances applied locally
	 * @param ignored own messages ignored
	 * @param malformed malformed messages ignored
	 * @param gaps times the caches were cleared after the first subscription:
	 * resubscriptions after a lost connection and losses the transport detected
	 * @param lastGap when the caches were last cleared because messages could have been
	 * missed
	 */
	public record Statistics(boolean connected, String origin, long sent, long degradedToClear, long sendFailures,
			long received, long ignored, long malformed, long gaps, Instant lastGap) {
	}

}
