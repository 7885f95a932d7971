package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.util.List;

/**
 * Exchanges that ended without an answer, as negative outcome codes beside the status
 * codes.
 */
final class Outcomes {

	/** The names of the failures, in code order: code -1 is the first. */
	private static final List<String> FAILURES = List.of("timeout", "refused", "closed", "reset");

	private Outcomes() {
	}

	static int of(IOException failure) {
		return -(FAILURES.indexOf(HttpConnection.failureName(failure)) + 1);
	}

	static String name(int outcome) {
		return (outcome > 0) ? Integer.toString(outcome) : FAILURES.get(-outcome - 1);
	}

	static boolean isSuccess(int outcome) {
		return outcome >= 200 && outcome < 300;
	}

}
