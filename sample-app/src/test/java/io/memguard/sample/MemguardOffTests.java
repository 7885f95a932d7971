package io.memguard.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with {@code memguard.enabled=false}, the baseline of every benchmark: it
 * starts without a single Memguard bean and serves its endpoints the plain Spring way.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "memguard.enabled=false",
		"sample.seed.bookings=30", "spring.datasource.url=jdbc:h2:mem:memguard-off;DB_CLOSE_DELAY=-1" })
class MemguardOffTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void startsWithoutAnyMemguardBean() {
		assertThat(this.context.getBeanDefinitionNames()).noneMatch((name) -> name.startsWith("memguard"));
	}

	@Test
	void servesPagesAndAnExportOfTheBookingsThePlainSpringDataWay() throws Exception {
		HttpResponse<String> page = get("/api/bookings?page=1&size=10&sort=id");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(page.body()).at("/content/0/id").asLong()).isEqualTo(11);
		assertThat(JsonMapper.shared().readTree(page.body()).at("/page/totalElements").asLong()).isEqualTo(30);
		HttpResponse<String> export = get("/api/bookings/export");
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.body().lines()).hasSize(30);
	}

	@Test
	void servesTheOtherEndpoints() throws Exception {
		assertThat(get("/notes").statusCode()).isEqualTo(200);
		assertThat(get("/demo/slow?millis=1").statusCode()).isEqualTo(200);
		assertThat(get("/api/profanity-words?language=en").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
