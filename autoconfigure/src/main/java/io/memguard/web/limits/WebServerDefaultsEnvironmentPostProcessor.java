package io.memguard.web.limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Defaults for uploads and response compression, added as the lowest-precedence property
 * source, so any setting of the user's wins:
 * <ul>
 * <li>multipart parts larger than {@value #SPOOL_THRESHOLD} are written to disk as they
 * arrive ({@code spring.servlet.multipart.file-size-threshold}), so an upload costs the
 * heap at most that much per part;</li>
 * <li>{@code spring.servlet.multipart.max-file-size} and {@code max-request-size} follow
 * the largest body limit ({@code memguard.web.max-body-size} and its overrides): the
 * container applies one multipart limit to every path, and the body-size filter holds
 * each path to its own limit on the declared length;</li>
 * <li>at most {@value #MAX_PARTS} parts per request
 * ({@code server.tomcat.max-part-count});</li>
 * <li>unless {@code memguard.web.compression.enabled=false}, gzip for JSON, NDJSON, CSV,
 * problem+json and Spring Boot's text types over 1 KB
 * ({@code server.compression.*}).</li>
 * </ul>
 */
class WebServerDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "memguardWebDefaults";

	static final String SPOOL_THRESHOLD = "16KB";

	static final String MAX_PARTS = "10";

	// Spring Boot's defaults, then what Memguard's own responses and exports use
	static final List<String> COMPRESSED_TYPES = List.of("text/html", "text/xml", "text/plain", "text/css",
			"text/javascript", "application/javascript", "application/json", "application/xml", "application/x-ndjson",
			"text/csv", "application/problem+json");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("memguard.enabled", Boolean.class).orElse(true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.servlet.multipart.file-size-threshold", SPOOL_THRESHOLD);
		String uploadLimit = largestBodyLimit(binder);
		if (uploadLimit != null) {
			defaults.put("spring.servlet.multipart.max-file-size", uploadLimit);
			defaults.put("spring.servlet.multipart.max-request-size", uploadLimit);
		}
		defaults.put("server.tomcat.max-part-count", MAX_PARTS);
		if (binder.bind("memguard.web.compression.enabled", Boolean.class).orElse(true)) {
			defaults.put("server.compression.enabled", "true");
			defaults.put("server.compression.mime-types", String.join(",", COMPRESSED_TYPES));
			defaults.put("server.compression.min-response-size", "1KB");
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	/**
	 * The largest body limit, as a multipart size: {@code -1} when some path has none.
	 * @return the size, or {@code null} when the limits do not bind (their properties
	 * class reports that at startup)
	 */
	private static String largestBodyLimit(Binder binder) {
		try {
			long largest = binder.bind("memguard.web.max-body-size", DataSize.class)
				.orElse(new RequestLimitsProperties().getMaxBodySize())
				.toBytes();
			Map<String, DataSize> overrides = binder
				.bind("memguard.web.body-size-overrides", Bindable.mapOf(String.class, DataSize.class))
				.orElse(Map.of());
			for (DataSize override : overrides.values()) {
				largest = (largest < 0 || override.isNegative()) ? -1 : Math.max(largest, override.toBytes());
			}
			return (largest < 0) ? "-1" : largest + "B";
		}
		catch (BindException ex) {
			return null;
		}
	}

}
