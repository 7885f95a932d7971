package io.memguard.sample.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.memguard.sample.bookings.BookingRepository;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo endpoints the overload harness drives besides allocate, slow and upload: the
 * unpaginated list (the anti-pattern) and the connection holder.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.seed.bookings=1000")
class DemoEndpointsTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private BookingRepository bookings;

	@Test
	void theUnpaginatedListAnswersEveryBookingInOneResponse() throws Exception {
		HttpResponse<String> response = get("/demo/bookings/all");
		assertThat(response.statusCode()).isEqualTo(200);
		// the in-memory database may have been seeded by another test's context first
		assertThat(JsonMapper.shared().readTree(response.body()).size()).isEqualTo(this.bookings.count()).isPositive();
	}

	@Test
	void holdConnectionKeepsAPooledConnectionBusyUntilItAnswers() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(request("/demo/hold-connection?millis=2000"),
				BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1 || held.isDone());
		assertThat(held).isNotDone();
		HttpResponse<String> response = held.get();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"heldMillis\":2000");
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
	}

	@Test
	void holdConnectionRefusesADurationOutOfRangeWithAProblem() throws Exception {
		HttpResponse<String> response = get("/demo/hold-connection?millis=-1");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path), BodyHandlers.ofString());
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
	}

}
