package io.memguard.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import io.memguard.web.admission.RequestPriority;

import org.springframework.core.env.Environment;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Path patterns matched against the path of a request within the application, most
 * specific first, each mapped to a value, the way Spring MVC matches them (decoded,
 * without path parameters). Plain paths and {@code /prefix/**} patterns are matched with
 * string comparisons against a request path without {@code %} or {@code ;}; only other
 * patterns and other paths parse the request path.
 *
 * @param <T> the type of the values
 */
public final class PathPatterns<T> {

	private final List<Entry<T>> entries;

	private PathPatterns(List<Entry<T>> entries) {
		this.entries = entries;
	}

	public static <T> PathPatterns<T> of(Map<String, T> patterns) {
		return of(patterns.keySet(), patterns::get);
	}

	/**
	 * The pattern of every path below the actuator's base path, which Memguard's filters
	 * leave alone by default so that probes and {@code /actuator/memory} always answer.
	 * @param environment the environment that may set
	 * {@code management.endpoints.web.base-path}
	 * @return the pattern, or none when the actuator sits at the root, which would exempt
	 * everything
	 */
	public static List<String> belowActuatorBasePath(Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		return (basePath.isEmpty() || "/".equals(basePath)) ? List.of() : List.of(basePath + "/**");
	}

	public static PathPatterns<Boolean> matchingAnyOf(List<String> patterns) {
		return of(patterns, (pattern) -> Boolean.TRUE);
	}

	/**
	 * Patterns of critical and of low priority; where both match a path, the more
	 * specific pattern wins, and critical wins a tie.
	 * @param criticalPaths patterns of critical priority
	 * @param lowPriorityPaths patterns of low priority
	 * @return the patterns, each mapped to its priority
	 */
	public static PathPatterns<RequestPriority> priorities(List<String> criticalPaths, List<String> lowPriorityPaths) {
		Map<String, RequestPriority> patterns = new LinkedHashMap<>();
		criticalPaths.forEach((pattern) -> patterns.put(pattern, RequestPriority.CRITICAL));
		lowPriorityPaths.forEach((pattern) -> patterns.putIfAbsent(pattern, RequestPriority.LOW));
		return of(patterns);
	}

	private static <T> PathPatterns<T> of(Iterable<String> patterns, Function<String, T> values) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		List<Entry<T>> entries = new ArrayList<>();
		for (String text : patterns) {
			String pattern = parser.initFullPathPattern(text);
			entries.add(new Entry<>(parser.parse(pattern), literalPrefix(pattern), pattern.endsWith("/**"),
					values.apply(text)));
		}
		entries.sort(Comparator.comparing(Entry::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		return new PathPatterns<>(List.copyOf(entries));
	}

	/**
	 * The literal path a pattern is, or the literal prefix of a {@code /prefix/**}
	 * pattern, when it holds only characters that need no encoding in a request URI. It
	 * is compared with request paths that have neither {@code %} nor {@code ;}.
	 */
	private static String literalPrefix(String pattern) {
		String literal = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
					|| c == '-' || c == '.' || c == '_' || c == '~';
			if (!unreserved || (c == '/' && i > 0 && literal.charAt(i - 1) == '/')) {
				return null;
			}
		}
		return literal;
	}

	public <R> PathPatterns<R> map(Function<T, R> mapper) {
		return new PathPatterns<>(this.entries.stream()
			.map((entry) -> new Entry<>(entry.pattern(), entry.literal(), entry.prefix(), mapper.apply(entry.value())))
			.toList());
	}

	/**
	 * The value of the most specific pattern that matches the request's path.
	 * @param request the request
	 * @return the value, or {@code null} when no pattern matches
	 */
	public T match(HttpServletRequest request) {
		return (this.entries.isEmpty()) ? null : match(RequestPaths.withinApplication(request));
	}

	/**
	 * The value of the most specific pattern that matches a path.
	 * @param path the path within the application, from
	 * {@link RequestPaths#withinApplication}
	 * @return the value, or {@code null} when no pattern matches
	 */
	public T match(String path) {
		if (this.entries.isEmpty()) {
			return null;
		}
		// Spring MVC matches the decoded path without path parameters: a path spelled
		// with either cannot be compared as a string
		boolean plain = path.indexOf('%') < 0 && path.indexOf(';') < 0;
		PathContainer parsedPath = null;
		for (Entry<T> entry : this.entries) {
			if (plain && entry.literal() != null) {
				if (entry.matchesLiterally(path)) {
					return entry.value();
				}
				continue;
			}
			if (parsedPath == null) {
				parsedPath = PathContainer.parsePath(path);
			}
			if (entry.pattern().matches(parsedPath)) {
				return entry.value();
			}
		}
		return null;
	}

	/**
	 * A pattern, its literal form when it has one, and its value.
	 */
	private record Entry<T>(PathPattern pattern, String literal, boolean prefix, T value) {

		boolean matchesLiterally(String path) {
			if (!path.startsWith(this.literal)) {
				return false;
			}
			int end = this.literal.length();
			return path.length() == end || (this.prefix && path.charAt(end) == '/');
		}

	}

}
