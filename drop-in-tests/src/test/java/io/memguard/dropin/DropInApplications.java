package io.memguard.dropin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.memguard.test.postgres.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the test applications on a random port and a test database, with
 * {@link StartupLog#PATTERN} for their log, and talks to them over HTTP.
 */
public final class DropInApplications {

	private DropInApplications() {
	}

	/**
	 * Starts an application.
	 * @param application the application class
	 * @param database its database
	 * @param properties its own properties
	 * @param profiles the active profiles
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(Class<?> application, TestDatabase database,
			Map<String, Object> properties, String... profiles) {
		Map<String, Object> all = new HashMap<>(database.springPropertyMap());
		all.put("server.port", "0");
		all.put("logging.pattern.console", StartupLog.PATTERN);
		all.putAll(properties);
		return new SpringApplicationBuilder(application).profiles(profiles).properties(all).run();
	}

	/**
	 * Sends a GET request and expects a 200.
	 * @param context the running application
	 * @param path the path and query
	 * @return the body
	 */
	public static String get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

}
