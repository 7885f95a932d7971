package io.memguard.schema.lint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Flyway SQL migration: versioned ({@code V2_1__add_index.sql}) or repeatable
 * ({@code R__views.sql}), with the settings of its script configuration file
 * ({@code V2_1__add_index.sql.conf}).
 *
 * @param name the file name, as shown in findings
 * @param version the version such as {@code 2.1}, or {@code null} for a repeatable
 * migration
 * @param description the description part of the name
 * @param sql the script as stored, placeholders not yet replaced
 * @param executeInTransaction the script's {@code executeInTransaction} setting, or
 * {@code null} when it has none
 * @param placeholderReplacement the script's {@code placeholderReplacement} setting, or
 * {@code null} when it has none
 */
public record MigrationScript(String name, String version, String description, String sql, Boolean executeInTransaction,
		Boolean placeholderReplacement) {

	private static final Pattern VERSION_SEPARATOR = Pattern.compile("[._]");

	/**
	 * The order Flyway applies migrations in: versioned ones by version, then repeatable
	 * ones by description.
	 */
	public static final Comparator<MigrationScript> FLYWAY_ORDER = Comparator
		.comparing((MigrationScript script) -> script.version() == null)
		.thenComparing((a, b) -> (a.version() != null) ? compareVersions(a.version(), b.version())
				: a.description().compareTo(b.description()));

	/**
	 * Whether this is a versioned migration.
	 * @return {@code false} for a repeatable one
	 */
	public boolean isVersioned() {
		return this.version != null;
	}

	/**
	 * A copy with the settings of a script configuration file ({@code key=value} lines;
	 * {@code flyway.} prefixes accepted).
	 * @param configuration the content of the {@code .conf} file
	 * @return the script with those settings
	 */
	public MigrationScript withConfiguration(String configuration) {
		Boolean inTransaction = this.executeInTransaction;
		Boolean replacement = this.placeholderReplacement;
		for (String line : configuration.split("\\R")) {
			String[] pair = line.split("=", 2);
			if (pair.length == 2 && !line.strip().startsWith("#")) {
				String key = pair[0].strip().replaceFirst("^flyway[.:]", "");
				if (key.equals("executeInTransaction")) {
					inTransaction = Boolean.valueOf(pair[1].strip());
				}
				else if (key.equals("placeholderReplacement")) {
					replacement = Boolean.valueOf(pair[1].strip());
				}
			}
		}
		return new MigrationScript(this.name, this.version, this.description, this.sql, inTransaction, replacement);
	}

	/**
	 * Compares two Flyway versions part by part ({@code 1.10} comes after {@code 1.9}).
	 * @param a a version
	 * @param b another version
	 * @return the comparison
	 */
	public static int compareVersions(String a, String b) {
		List<BigInteger> left = parts(a);
		List<BigInteger> right = parts(b);
		for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
			BigInteger l = (i < left.size()) ? left.get(i) : BigInteger.ZERO;
			BigInteger r = (i < right.size()) ? right.get(i) : BigInteger.ZERO;
			int comparison = l.compareTo(r);
			if (comparison != 0) {
				return comparison;
			}
		}
		return 0;
	}

	/**
	 * Whether the text is a Flyway version ({@code 2}, {@code 2.1}, {@code 2_1}).
	 * @param version the text
	 * @return whether it is one
	 */
	public static boolean isVersion(String version) {
		return version != null && version.matches("\\d+([._]\\d+)*");
	}

	private static List<BigInteger> parts(String version) {
		List<BigInteger> parts = new ArrayList<>();
		for (String part : VERSION_SEPARATOR.split(version)) {
			parts.add(new BigInteger(part));
		}
		return parts;
	}

}
