package io.memguard.memory;

import java.util.List;

/**
 * Thrown at startup when the {@code memguard.memory.*} thresholds are out of range or
 * inconsistent.
 */
public class InvalidMemoryThresholdsException extends IllegalStateException {

	private final List<String> problems;

	/**
	 * Creates an exception listing what is wrong.
	 * @param problems one sentence per problem, naming the property and its value
	 */
	public InvalidMemoryThresholdsException(List<String> problems) {
		super("Invalid memory thresholds: " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	/**
	 * What is wrong, one sentence per problem.
	 * @return the problems
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
