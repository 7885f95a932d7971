package io.memguard.cache.broadcast;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries encoded cache invalidations between the instances of an application. The
 * transport may lose messages (PostgreSQL {@code LISTEN/NOTIFY} and Redis pub/sub both
 * drop what is sent while a listener is away): it reports every (re)subscription, and
 * every loss it detects, as a gap, after which the receiver must assume it missed
 * messages.
 */
public interface CacheInvalidationTransport {

	/**
	 * The largest payload, in UTF-8 bytes, the transport can carry.
	 * @return the limit
	 */
	int maxPayloadBytes();

	/**
	 * Whether {@link #publish} sends within the current transaction, delivered if and
	 * only if it commits; otherwise payloads are published after commit.
	 * @return {@code true} for a transactional transport
	 */
	default boolean joinsTransaction() {
		return false;
	}

	/**
	 * Sends a payload to every subscribed instance, this one included. Inside a
	 * transaction a transactional transport sends it if and only if the transaction
	 * commits.
	 * @param payload the payload, no longer than {@link #maxPayloadBytes()}
	 * @throws RuntimeException if the payload could not be sent
	 */
	void publish(String payload);

	/**
	 * Starts receiving payloads in the background until {@link #unsubscribe()}.
	 * @param payloads told about each payload received
	 * @param gap told after every (re)subscription, once messages can arrive again, and
	 * after every loss the transport detects
	 */
	void subscribe(Consumer<String> payloads, Runnable gap);

	/**
	 * Stops receiving payloads and releases the resources of the subscription.
	 */
	void unsubscribe();

	/**
	 * Whether the subscription is connected now.
	 * @return {@code true} if payloads can be received
	 */
	boolean isConnected();

	/**
	 * Transport-specific state for {@code /actuator/memory}, without details.
	 * @return the state, cheap to compute
	 */
	Map<String, Object> describe();

	/**
	 * Transport-specific state for {@code /actuator/memory}, with its details (such as
	 * connection or process ids) when asked. A transport without such details need not
	 * override this.
	 * @param showDetails whether to include the details
	 * @return the state, cheap to compute
	 */
	default Map<String, Object> describe(boolean showDetails) {
		return describe();
	}

}
