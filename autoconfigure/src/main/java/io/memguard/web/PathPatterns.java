package io.memguard.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Path patterns matched against the path of a request within the application, most
 * specific first, each mapped to a value.
 *
 * @param <T> the type of the values
 */
final class PathPatterns<T> {

	private final List<Map.Entry<PathPattern, T>> entries;

	private PathPatterns(List<Map.Entry<PathPattern, T>> entries) {
		this.entries = entries;
	}

	static <T> PathPatterns<T> of(Map<String, T> patterns) {
		return of(patterns.keySet(), patterns::get);
	}

	static PathPatterns<Boolean> matchingAnyOf(List<String> patterns) {
		return of(patterns, (pattern) -> Boolean.TRUE);
	}

	private static <T> PathPatterns<T> of(Iterable<String> patterns, Function<String, T> values) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		List<Map.Entry<PathPattern, T>> entries = new ArrayList<>();
		for (String pattern : patterns) {
			entries.add(Map.entry(parser.parse(parser.initFullPathPattern(pattern)), values.apply(pattern)));
		}
		entries.sort(Map.Entry.comparingByKey(PathPattern.SPECIFICITY_COMPARATOR));
		return new PathPatterns<>(List.copyOf(entries));
	}

	<R> PathPatterns<R> map(Function<T, R> mapper) {
		return new PathPatterns<>(this.entries.stream()
			.map((entry) -> Map.entry(entry.getKey(), mapper.apply(entry.getValue())))
			.toList());
	}

	/**
	 * The value of the most specific pattern that matches the request's path.
	 * @param request the request
	 * @return the value, or {@code null} when no pattern matches
	 */
	T match(HttpServletRequest request) {
		if (this.entries.isEmpty()) {
			return null;
		}
		PathContainer path = PathContainer.parsePath(pathWithinApplication(request));
		for (Map.Entry<PathPattern, T> entry : this.entries) {
			if (entry.getKey().matches(path)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (contextPath.isEmpty() || !uri.startsWith(contextPath)) ? uri : uri.substring(contextPath.length());
	}

}
