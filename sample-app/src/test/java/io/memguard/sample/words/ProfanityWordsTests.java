package io.memguard.sample.words;

import java.util.List;
import java.util.Map;

import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profanity-word API on a real server and PostgreSQL: the cached list is current
 * after every kind of write, and bad requests get problem details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProfanityWordsTests {

	private static final ParameterizedTypeReference<List<String>> WORDS = new ParameterizedTypeReference<>() {
	};

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void listIsServedFromTheCacheAndCurrentAfterEveryWrite() {
		RestClient client = client();
		assertThat(words(client, "en")).containsExactly("darn", "heck");
		assertThat(this.cacheManager.getCache("profanity-words").get("en")).isNotNull();
		assertThat(words(client, "fr")).containsExactly("mince");

		ResponseEntity<Map<String, Object>> created = client.post()
			.uri("/api/profanity-words")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("word", "blast", "language", "en"))
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		Object id = created.getBody().get("id");
		assertThat(words(client, "en")).containsExactly("blast", "darn", "heck");
		// Key-level eviction: the French entry was not touched by an English insert.
		assertThat(this.cacheManager.getCache("profanity-words").get("fr")).isNotNull();

		client.put()
			.uri("/api/profanity-words/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("word", "zut", "language", "fr"))
			.retrieve()
			.toBodilessEntity();
		assertThat(words(client, "en")).containsExactly("darn", "heck");
		assertThat(words(client, "fr")).containsExactly("mince", "zut");

		client.delete().uri("/api/profanity-words/{id}", id).retrieve().toBodilessEntity();
		assertThat(words(client, "fr")).containsExactly("mince");

		Map<String, Object> deactivated = client.post()
			.uri("/api/profanity-words/deactivate?language=en")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(deactivated).containsEntry("deactivated", 2);
		assertThat(words(client, "en")).isEmpty();
	}

	@Test
	void badInputIsRejectedWithProblemDetails() {
		RestClient client = client();
		assertProblem(client.post()
			.uri("/api/profanity-words")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("word", "", "language", "english"))
			.exchange((request, response) -> response), HttpStatus.BAD_REQUEST);
		assertProblem(client.post()
			.uri("/api/profanity-words")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{not json")
			.exchange((request, response) -> response), HttpStatus.BAD_REQUEST);
		assertProblem(client.get().uri("/api/profanity-words").exchange((request, response) -> response),
				HttpStatus.BAD_REQUEST);
		assertProblem(client.get().uri("/api/profanity-words?language=EN!").exchange((request, response) -> response),
				HttpStatus.BAD_REQUEST);
		assertProblem(client.delete().uri("/api/profanity-words/999999").exchange((request, response) -> response),
				HttpStatus.NOT_FOUND);
		assertProblem(client.put()
			.uri("/api/profanity-words/999999")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("word", "x", "language", "en"))
			.exchange((request, response) -> response), HttpStatus.NOT_FOUND);
	}

	private void assertProblem(org.springframework.http.client.ClientHttpResponse response, HttpStatus status) {
		try (response) {
			assertThat(response.getStatusCode()).isEqualTo(status);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> words(RestClient client, String language) {
		return client.get().uri("/api/profanity-words?language={language}", language).retrieve().body(WORDS);
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

}
