package io.memguard.cache.jpa;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.memguard.test.postgres.PostgresDatabase;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The details of {@code /actuator/memory} (entity class names, a leaked connection's
 * thread and stack frames, the cache listener's backend process id) on a real server on a
 * real PostgreSQL: shown only to a user in one of the configured roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.flyway.locations=classpath:db/cache-test", "spring.jpa.hibernate.ddl-auto=none",
				"memguard.cache.caches.words.invalidate-on=io.memguard.cache.jpa.Word",
				"memguard.cache.caches.word-text.invalidate-on=io.memguard.cache.jpa.Word",
				"memguard.cache.caches.word-text.key=id", "memguard.cache.broadcast=postgres",
				"spring.datasource.hikari.leak-detection-threshold=2000",
				"management.endpoints.web.exposure.include=memory",
				"management.endpoint.memory.show-details=when-authorized", "management.endpoint.memory.roles=OPS" })
class MemoryEndpointDetailsTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Test
	void detailsAreShownOnlyToAUserInOneOfTheConfiguredRoles() throws Exception {
		try (Connection leaked = this.dataSource.getConnection()) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> memory(null).at("/datasource/leaks").size() == 1
						&& memory(null).at("/cacheBroadcast/connected").asBoolean());
			for (String user : new String[] { null, "visitor:GUEST" }) {
				JsonNode hidden = memory(user);
				assertThat(hidden.at("/datasource/leaks/0").propertyNames()).containsExactly("heldForMillis");
				assertThat(hidden.at("/caches/words").has("invalidatedBy")).isFalse();
				assertThat(hidden.at("/caches/word-text/settings").has("key")).isFalse();
				assertThat(hidden.at("/cacheBroadcast").has("listenerPid")).isFalse();
				assertThat(hidden.toString()).doesNotContain(Word.class.getName(), getClass().getName());
			}
			JsonNode shown = memory("ops:OPS");
			assertThat(shown.at("/datasource/leaks/0/thread").asString()).isNotEmpty();
			assertThat(shown.at("/datasource/leaks/0/takenAt").toString()).contains(getClass().getName());
			assertThat(shown.at("/caches/words/invalidatedBy/0").asString()).isEqualTo(Word.class.getName());
			assertThat(shown.at("/caches/word-text/settings/key").asString()).isEqualTo("id");
			assertThat(shown.at("/cacheBroadcast/listenerPid").asInt()).isPositive();
		}
	}

	private JsonNode memory(String user) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/memory"));
		if (user != null) {
			request.header("X-Test-User", user);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AuthenticationConfiguration {

		/**
		 * Container authentication, as far as the endpoint can tell: the user named in a
		 * header ({@code name:ROLE}) is the request's principal.
		 */
		@Bean
		Filter headerAuthentication() {
			return (request, response, chain) -> {
				String user = ((HttpServletRequest) request).getHeader("X-Test-User");
				chain.doFilter((user != null) ? authenticated((HttpServletRequest) request, user) : request, response);
			};
		}

		private static HttpServletRequest authenticated(HttpServletRequest request, String user) {
			String[] nameAndRole = user.split(":");
			return new HttpServletRequestWrapper(request) {

				@Override
				public Principal getUserPrincipal() {
					return () -> nameAndRole[0];
				}

				@Override
				public boolean isUserInRole(String role) {
					return List.of(nameAndRole).subList(1, nameAndRole.length).contains(role);
				}

			};
		}

	}

}
