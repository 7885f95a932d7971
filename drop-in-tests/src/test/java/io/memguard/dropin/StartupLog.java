package io.memguard.dropin;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * Reads the log lines of an application started with {@link #PATTERN}, which prints the
 * level and the full logger name first.
 */
public final class StartupLog {

	/** The value for {@code logging.pattern.console}. */
	public static final String PATTERN = "%level %logger: %msg%n";

	private static final Pattern MEMGUARD_OR_FLYWAY = Pattern.compile("^\\w+ (io\\.memguard|org\\.flywaydb)\\..*");

	private static final Pattern WARNING = Pattern.compile("^(WARN|ERROR) .*");

	private StartupLog() {
	}

	/**
	 * The lines Memguard or Flyway logged at warning level or above, or that Flyway
	 * logged at all.
	 * @param output the captured output
	 * @return the lines
	 */
	public static List<String> memguardWarningsAndFlywayLines(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter(MEMGUARD_OR_FLYWAY.asMatchPredicate())
			.filter((line) -> WARNING.matcher(line).matches() || line.contains(" org.flywaydb."))
			.toList();
	}

}
