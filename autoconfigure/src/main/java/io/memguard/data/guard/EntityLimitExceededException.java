package io.memguard.data.guard;

/**
 * Thrown in {@code guard-mode=fail} when a request or transaction loads more entities
 * than {@code memguard.data.max-entities-per-request}. A request that hits it is answered
 * with {@code 500} {@code application/problem+json} of type
 * {@code https://memguard.io/problems/entity-limit}: the fault is the server's query, not
 * the client's input, and retrying does not help.
 */
public class EntityLimitExceededException extends RuntimeException {

	/**
	 * Creates a new instance.
	 * @param message which request or transaction, and the limit
	 */
	public EntityLimitExceededException(String message) {
		super(message);
	}

}
