package io.memguard.schema.lint;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the linter found: statements that would block production, and scripts it could not
 * read.
 *
 * @param findings the findings, in migration order
 * @param problems scripts that could not be read (an unterminated string, a placeholder
 * without a value), each as {@code file:line message}
 * @param scriptCount how many migrations were read
 */
public record LintReport(List<Finding> findings, List<String> problems, int scriptCount) {

	/**
	 * Copies the lists.
	 */
	public LintReport {
		findings = List.copyOf(findings);
		problems = List.copyOf(problems);
	}

	/**
	 * Whether nothing was found.
	 * @return {@code true} when there are neither findings nor problems
	 */
	public boolean isClean() {
		return this.findings.isEmpty() && this.problems.isEmpty();
	}

	/**
	 * The report for people: each finding with its lock and recipe, then the problems.
	 * @return the text
	 */
	public String describe() {
		StringBuilder text = new StringBuilder();
		text.append(this.findings.size())
			.append(" migration statement(s) would block production or break the running version (")
			.append(this.scriptCount)
			.append(" migrations read):");
		this.findings.forEach((finding) -> text.append("\n").append(finding.describe()));
		if (!this.problems.isEmpty()) {
			text.append("\n").append(this.problems.size()).append(" script(s) could not be checked:\n    ");
			text.append(this.problems.stream().collect(Collectors.joining("\n    ")));
		}
		return text.toString();
	}

}
