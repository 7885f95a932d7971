package io.memguard.sample.words;

/**
 * Thrown when no profanity word has the requested id.
 */
class ProfanityWordNotFoundException extends RuntimeException {

	ProfanityWordNotFoundException(long id) {
		super("No profanity word with id " + id);
	}

}
