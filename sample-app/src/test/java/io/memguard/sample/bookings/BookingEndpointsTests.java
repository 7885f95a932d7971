package io.memguard.sample.bookings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.memguard.sample.SampleApplication;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookings endpoints of the sample app on PostgreSQL, seeded with 1 000 rows. The
 * index check fails startup if a sorted column has no index.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.seed.bookings=1000", "memguard.data.index-check=fail",
				"spring.flyway.placeholders.concurrently=CONCURRENTLY" })
class BookingEndpointsTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void listsBookingsPageByPage() throws Exception {
		HttpResponse<String> response = send("GET", "/api/bookings?page=2&page_size=20&sort=createdAt,desc");
		assertThat(response.body()).contains("\"pagination\":{\"page\":2,\"page_size\":20,\"total\":1000,"
				+ "\"total_pages\":50,\"has_next\":true,\"has_prev\":true}");
		assertThat(json(response).get("items")).hasSize(20);
	}

	@Test
	void everySortedColumnHasItsIndexSoTheFailingIndexCheckLetTheAppStart() throws Exception {
		HttpResponse<String> memory = send("GET", "/actuator/memory");
		assertThat(json(memory).get("data").get("missingIndexes")).isEmpty();
	}

	@Test
	void rejectsAPageSizeAboveTheMaximum() throws Exception {
		HttpResponse<String> response = send("GET", "/api/bookings?page_size=1000");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("detail").asString())
			.isEqualTo("page_size must be an integer from 1 to 100, got '1000'");
	}

	@Test
	void scrollsWithCursors() throws Exception {
		JsonNode first = json(send("GET", "/api/bookings/scroll?page_size=30"));
		JsonNode second = json(send("GET",
				"/api/bookings/scroll?page_size=30&cursor=" + first.at("/pagination/next_cursor").asString()));
		assertThat(first.at("/items/29/id").asLong()).isEqualTo(30);
		assertThat(second.at("/items/0/id").asLong()).isEqualTo(31);
		assertThat(second.at("/pagination/has_prev").asBoolean()).isTrue();
	}

	@Test
	void exportsEveryBookingAsCsvAndNdjson() throws Exception {
		String csv = send("GET", "/api/bookings/export?format=csv").body();
		assertThat(csv).startsWith("id,guestName,room,createdAt,nights,amount,status\r\n1,Guest 1,R101,");
		assertThat(csv.split("\r\n")).hasSize(1001);
		assertThat(send("GET", "/api/bookings/export").body().lines()).hasSize(1000);
	}

	@Test
	void expiresPendingBookingsInBatches() throws Exception {
		JsonNode result = json(send("POST", "/api/bookings/jobs/expire-pending?batch-size=100"));
		assertThat(result.get("completed").asBoolean()).isTrue();
		assertThat(result.get("batches").asLong()).isEqualTo(10);
		assertThat(result.get("items").asLong()).isEqualTo(1000);
		assertThat(this.jdbc.queryForObject("select count(*) from booking where status = 'PENDING'", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from booking where status = 'EXPIRED'", Long.class))
			.isEqualTo(250);
	}

	@Test
	void batchSizesOutOfRangeGetAProblemNotAServerError() throws Exception {
		for (String size : new String[] { "0", "-5", "10001", "lots" }) {
			HttpResponse<String> response = send("POST", "/api/bookings/jobs/expire-pending?batch-size=" + size);
			assertThat(response.statusCode()).as(size).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(size)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
		assertThat(send("POST", "/api/bookings/jobs/expire-pending?batch-size=0").body())
			.contains("batch-size must be an integer from 1 to 10000");
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

}
