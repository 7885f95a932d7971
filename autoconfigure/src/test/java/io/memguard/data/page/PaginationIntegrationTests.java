package io.memguard.data.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.memguard.data.testapp.DataTestApplication;
import io.memguard.data.testapp.TestTables;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages, cursors, exports and the entity guard (in fail mode) through a real server on a
 * real PostgreSQL.
 */
@SpringBootTest(classes = DataTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memguard.data.cursor-secret=0123456789abcdef0123456789abcdef",
				"memguard.data.max-entities-per-request=120", "memguard.data.guard-mode=fail",
				"spring.jpa.hibernate.ddl-auto=none", "spring.flyway.enabled=false" })
class PaginationIntegrationTests {

	private static final int LARGE_EXPORT_ROWS = 300_000;

	private static final int WALK_ROWS = 2_000;

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@BeforeAll
	static void createTables() {
		DataSource dataSource = postgres.get().unpooledDataSource();
		TestTables.createTickets(dataSource, 150);
		TestTables.createReadings(dataSource, LARGE_EXPORT_ROWS, WALK_ROWS);
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Test
	void firstPageHasItemsAndTotalsInSnakeCase() throws Exception {
		HttpResponse<String> response = get("/tickets");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"pagination\":{\"page\":1,\"page_size\":50,\"total\":150,"
				+ "\"total_pages\":3,\"has_next\":true,\"has_prev\":false}");
		JsonNode body = json(response);
		assertThat(body.get("items")).hasSize(50);
		assertThat(body.get("items").get(0).get("id").asLong()).isEqualTo(1);
	}

	@Test
	void middlePageHasNeighboursOnBothSides() throws Exception {
		JsonNode body = json(get("/tickets?page=2"));
		assertThat(body.get("items").get(0).get("id").asLong()).isEqualTo(51);
		assertThat(body.at("/pagination/has_next").asBoolean()).isTrue();
		assertThat(body.at("/pagination/has_prev").asBoolean()).isTrue();
	}

	@Test
	void lastPageHasNoNextPage() throws Exception {
		JsonNode body = json(get("/tickets?page=3&page_size=50"));
		assertThat(body.get("items")).hasSize(50);
		assertThat(body.get("items").get(49).get("id").asLong()).isEqualTo(150);
		assertThat(body.at("/pagination/has_next").asBoolean()).isFalse();
		assertThat(body.at("/pagination/has_prev").asBoolean()).isTrue();
	}

	@Test
	void pageBeyondTheEndIsEmptyButKeepsTotals() throws Exception {
		JsonNode body = json(get("/tickets?page=7"));
		assertThat(body.get("items")).isEmpty();
		assertThat(body.at("/pagination/total").asLong()).isEqualTo(150);
		assertThat(body.at("/pagination/has_next").asBoolean()).isFalse();
		assertThat(body.at("/pagination/has_prev").asBoolean()).isTrue();
	}

	@Test
	void sliceHasNoTotals() throws Exception {
		HttpResponse<String> response = get("/tickets/slice?page=3&page_size=70");
		assertThat(response.body())
			.contains("\"pagination\":{\"page\":3,\"page_size\":70,\"has_next\":false," + "\"has_prev\":true}");
		assertThat(json(response).get("items")).hasSize(10);
	}

	@Test
	void sortsByAnAllowedPropertyInTheRequestedDirection() throws Exception {
		JsonNode body = json(get("/tickets?sort=name,desc&page_size=2"));
		assertThat(body.get("items").get(0).get("name").asString()).isEqualTo("ticket-150");
	}

	@Test
	void endpointOverridesTheMaximumPageSize() throws Exception {
		assertThat(json(get("/tickets/wide")).get("items")).hasSize(10);
		assertThat(json(get("/tickets/wide?page_size=110")).get("items")).hasSize(110);
		assertBadRequest(get("/tickets/wide?page_size=201"), "page_size must be an integer from 1 to 200");
	}

	@ParameterizedTest(name = "{0} is rejected")
	@CsvSource(delimiter = '|', textBlock = """
			page=0                        | page must be an integer from 1 to 2147483647, got '0'
			page=-1                       | page must be an integer from 1 to 2147483647, got '-1'
			page=abc                      | page must be an integer from 1 to 2147483647, got 'abc'
			page=99999999999              | page must be an integer from 1 to 2147483647
			page=                         | page must be an integer from 1 to 2147483647
			page_size=0                   | page_size must be an integer from 1 to 100, got '0'
			page_size=-5                  | page_size must be an integer from 1 to 100
			page_size=101                 | page_size must be an integer from 1 to 100, got '101'
			page_size=1e3                 | page_size must be an integer from 1 to 100, got '1e3'
			page_size=2.5                 | page_size must be an integer from 1 to 100
			page_size=+5                  | page_size must be an integer from 1 to 100, got '+5'
			'page_size= 5 '               | page_size must be an integer from 1 to 100
			page_size=５                   | page_size must be an integer from 1 to 100
			page_size=٥                   | page_size must be an integer from 1 to 100
			page=+2                       | page must be an integer from 1 to 2147483647, got '+2'
			page=٢                        | page must be an integer from 1 to 2147483647
			sort=note                     | property one of [createdAt, id, name], got 'note'
			sort=id;drop table ticket     | property one of [createdAt, id, name], got 'id;drop table ticket'
			sort=name,desc,extra          | got 'name,desc,extra'
			sort=customer.name            | got 'customer.name'
			sort=name,sideways            | sort direction must be 'asc' or 'desc', got 'name,sideways'
			sort=                         | got ''
			sort=id&sort=id,desc          | sort names 'id' more than once
			""")
	void rejectsBadPageParametersWithTheAllowedRange(String query, String detail) throws Exception {
		String encoded = String.join("&",
				query.lines()
					.flatMap((line) -> List.of(line.split("&")).stream())
					.map((pair) -> pair.substring(0, pair.indexOf('=') + 1)
							+ URLEncoder.encode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8))
					.toList());
		assertBadRequest(get("/tickets?" + encoded), detail);
	}

	@Test
	void rejectsAPageWhoseOffsetDoesNotFitAQuery() throws Exception {
		// (page - 1) * page_size must fit JPA's int offset: a deeper page is a 400, not a
		// 500
		assertBadRequest(get("/tickets?page=2147483647"),
				"page must be an integer from 1 to 42949673 " + "with page_size 50, got '2147483647'");
		assertBadRequest(get("/tickets?page=21474838&page_size=100"), "page must be an integer from 1 to 21474837");
		assertThat(get("/tickets?page=42949673").statusCode()).isEqualTo(200);
		assertThat(json(get("/tickets?page=2147483647&page_size=1")).get("items")).isEmpty();
	}

	@Test
	void rejectsSortOnAnEndpointThatAllowsNone() throws Exception {
		assertBadRequest(get("/readings/scroll-query?sensor=walk&sort=id"),
				"this endpoint does not accept a sort parameter");
	}

	@Test
	void keysetPagesWalkEveryRowOnceForwardAndBack() throws Exception {
		List<Long> forward = new ArrayList<>();
		List<String> prevCursors = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode body = json(get("/tickets/scroll?page_size=40" + ((cursor != null) ? "&cursor=" + cursor : "")));
			body.get("items").forEach((item) -> forward.add(item.get("id").asLong()));
			prevCursors.add(body.at("/pagination/prev_cursor").asString(null));
			cursor = body.at("/pagination/next_cursor").asString(null);
		}
		while (cursor != null);
		assertThat(forward).hasSize(150).doesNotHaveDuplicates();
		assertThat(prevCursors.get(0)).isNull();
		JsonNode previous = json(get("/tickets/scroll?page_size=40&cursor=" + prevCursors.get(3)));
		List<Long> previousIds = new ArrayList<>();
		previous.get("items").forEach((item) -> previousIds.add(item.get("id").asLong()));
		assertThat(previousIds).isEqualTo(forward.subList(80, 120));
		assertThat(previous.at("/pagination/has_next").asBoolean()).isTrue();
		assertThat(previous.at("/pagination/has_prev").asBoolean()).isTrue();
	}

	@Test
	void keysetPagesStayStableWhileRowsAreInserted() throws Exception {
		Set<Long> seen = new HashSet<>();
		List<Long> repeated = new ArrayList<>();
		long nextId = 10_000_000;
		String cursor = null;
		do {
			TestTables.insertWalkReadings(this.dataSource, nextId, 50);
			nextId += 50;
			JsonNode body = json(
					get("/readings/scroll?sensor=walk&page_size=100" + ((cursor != null) ? "&cursor=" + cursor : "")));
			body.get("items").forEach((item) -> {
				if (!seen.add(item.get("id").asLong())) {
					repeated.add(item.get("id").asLong());
				}
			});
			cursor = body.at("/pagination/next_cursor").asString(null);
		}
		while (cursor != null);
		assertThat(repeated).isEmpty();
		for (long id = LARGE_EXPORT_ROWS + 1; id <= LARGE_EXPORT_ROWS + WALK_ROWS; id++) {
			assertThat(seen).contains(id);
		}
	}

	@Test
	void handWrittenSeekQueriesGiveTheSamePagesAsSpringDataScrolling() throws Exception {
		JsonNode scrolled = json(get("/readings/scroll?sensor=sensor-3&page_size=5"));
		JsonNode queried = json(get("/readings/scroll-query?sensor=sensor-3&page_size=5"));
		assertThat(queried.get("items")).isEqualTo(scrolled.get("items"));
		JsonNode second = json(get("/readings/scroll-query?sensor=sensor-3&page_size=5&cursor="
				+ queried.at("/pagination/next_cursor").asString()));
		assertThat(second.get("items").get(0).get("id").asLong()).isEqualTo(53);
		JsonNode back = json(get("/readings/scroll-query?sensor=sensor-3&page_size=5&cursor="
				+ second.at("/pagination/prev_cursor").asString()));
		assertThat(back.get("items")).isEqualTo(queried.get("items"));
	}

	@Test
	void seekBoundedScrollingPagesBackToTheSameRows() throws Exception {
		JsonNode first = json(get("/readings/scroll?sensor=sensor-7&page_size=20"));
		JsonNode second = json(get("/readings/scroll?sensor=sensor-7&page_size=20&cursor="
				+ first.at("/pagination/next_cursor").asString()));
		assertThat(second.at("/items/0/id").asLong()).isEqualTo(207);
		JsonNode back = json(get("/readings/scroll?sensor=sensor-7&page_size=20&cursor="
				+ second.at("/pagination/prev_cursor").asString()));
		assertThat(back.get("items")).isEqualTo(first.get("items"));
		assertThat(back.at("/pagination/has_prev").asBoolean()).isFalse();
	}

	@Test
	void rejectsTamperedTruncatedAndForeignCursors() throws Exception {
		String cursor = json(get("/tickets/scroll?page_size=10")).at("/pagination/next_cursor").asString();
		char flipped = (cursor.charAt(5) == 'A') ? 'B' : 'A';
		String tampered = cursor.substring(0, 5) + flipped + cursor.substring(6);
		String detail = "cursor is not valid for this endpoint and sort";
		assertBadRequest(get("/tickets/scroll?cursor=" + tampered), detail);
		assertBadRequest(get("/tickets/scroll?cursor=" + cursor.substring(0, cursor.length() - 3)), detail);
		assertBadRequest(get("/tickets/scroll?cursor=not-base64!"), detail);
		assertBadRequest(get("/tickets/scroll?cursor=" + "A".repeat(5000)), detail);
		assertBadRequest(get("/tickets/scroll-by-name?cursor=" + cursor), detail);
		assertBadRequest(get("/tickets/scroll?sort=id&cursor=" + cursor), detail);
		assertThat(get("/tickets/scroll?cursor=" + cursor).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/tickets/scroll          | TicketController  | scroll          | createdAt
			/readings/scroll         | ReadingController | scroll          | recordedAt
			/readings/scroll-query   | ReadingController | scrollWithQuery | recordedAt
			""")
	void cursorSignedWithTheRightSecretButWithKeysTheEndpointDoesNotUseIsRefused(String path, String controller,
			String method, String timeKey) throws Exception {
		Sort sort = path.endsWith("query") ? Sort.unsorted() : Sort.by(timeKey, "id");
		String scope = DataTestApplication.class.getName() + "$" + controller + "#" + method + "|" + sort;
		String query = path + "?sensor=sensor-1&cursor=";
		String detail = "cursor is not valid for this endpoint and sort";
		Map<String, Object> rightKeys = Map.of(timeKey, Instant.parse("2026-01-01T00:00:00Z"), "id", 1L);
		assertThat(get(query + forged(rightKeys, scope)).statusCode()).isEqualTo(200);
		assertBadRequest(get(query + forged(Map.of(timeKey, "yesterday", "id", 1L), scope)), detail);
		assertBadRequest(get(query + forged(Map.of(timeKey, Instant.EPOCH, "id", "1"), scope)), detail);
		assertBadRequest(get(query + forged(Map.of(timeKey, Instant.EPOCH, "id", 1), scope)), detail);
		assertBadRequest(get(query + forged(Map.of(timeKey, Instant.EPOCH), scope)), detail);
		assertBadRequest(get(query + forged(Map.of("id", 1L), scope)), detail);
	}

	private static String forged(Map<String, Object> keys, String scope) {
		return CursorCodec.withSecret("0123456789abcdef0123456789abcdef")
			.encode(ScrollPosition.forward(new LinkedHashMap<>(keys)), scope);
	}

	@Test
	void exportsNdjsonJsonAndCsv() throws Exception {
		List<String> lines = get("/tickets/export?format=ndjson").body().lines().toList();
		assertThat(lines).hasSize(150);
		assertThat(JsonMapper.shared().readTree(lines.get(149)).get("id").asLong()).isEqualTo(150);
		JsonNode array = json(get("/tickets/export?format=json"));
		assertThat(array).hasSize(150);
		assertThat(array.get(0).get("note").asString()).isEqualTo("has \"quotes\", commas\nand a newline");
		HttpResponse<String> csv = get("/tickets/export?format=CSV");
		assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"tickets.csv\"");
		assertThat(csv.body()).startsWith("id,name,created_at,note\r\n"
				+ "1,ticket-001,2026-01-01T01:00:00Z,\"has \"\"quotes\"\", commas\nand a newline\"\r\n"
				+ "2,ticket-002,2026-01-01T02:00:00Z,plain\r\n");
		assertThat(csv.body().split("\r\n")).hasSize(151);
	}

	@Test
	void csvExportWritesCellsThatASpreadsheetWouldRunAsFormulasAsText() throws Exception {
		List<String> rows = List.of(get("/tickets/export?format=csv").body().split("\r\n"));
		assertThat(rows.subList(3, 9)).containsExactly(
				"3,ticket-003,2026-01-01T03:00:00Z,\"'=HYPERLINK(\"\"http://evil.example\"\")\"",
				"4,ticket-004,2026-01-01T04:00:00Z,\"'+1+1\"", "5,ticket-005,2026-01-01T05:00:00Z,\"'-2+3\"",
				"6,ticket-006,2026-01-01T06:00:00Z,\"'@SUM(A1)\"", "7,ticket-007,2026-01-01T07:00:00Z,\"'\tTAB\"",
				"8,ticket-008,2026-01-01T08:00:00Z,\"'\rCR\"");
	}

	@Test
	void rejectsAnUnknownExportFormat() throws Exception {
		assertBadRequest(get("/tickets/export?format=xml"), "format must be one of ndjson, json, csv");
	}

	@Test
	void exportStreamsMoreEntitiesThanTheGuardAllowsPerRequest() throws Exception {
		HttpResponse<InputStream> response = this.http.send(request("/readings/export?format=ndjson"),
				HttpResponse.BodyHandlers.ofInputStream());
		long lines;
		try (InputStream body = response.body()) {
			lines = new String(body.readAllBytes(), StandardCharsets.UTF_8).lines().count();
		}
		assertThat(lines).isEqualTo(LARGE_EXPORT_ROWS + WALK_ROWS + insertedWalkRows());
	}

	@Test
	void clientThatDisconnectsMidExportFreesItsConnectionWithinASecond() throws Exception {
		HikariDataSource pool = (HikariDataSource) this.dataSource;
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /readings/export?format=csv HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			in.readNBytes(64 * 1024);
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
		}
		long deadline = System.nanoTime() + 1_000_000_000L;
		while (pool.getHikariPoolMXBean().getActiveConnections() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@Test
	void requestThatLoadsTooManyEntitiesFailsWithAProblem() throws Exception {
		HttpResponse<String> response = get("/tickets/all");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo("https://memguard.io/problems/entity-limit");
		assertThat(problem.get("detail").asString())
			.startsWith("Request GET /tickets/all loaded more than 120 entities");
	}

	private long insertedWalkRows() {
		Long walk = new org.springframework.jdbc.core.JdbcTemplate(this.dataSource)
			.queryForObject("select count(*) from reading where sensor = 'walk'", Long.class);
		return walk - WALK_ROWS;
	}

	private void assertBadRequest(HttpResponse<String> response, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo("https://memguard.io/problems/invalid-page-request");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("detail").asString()).contains(detail);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(request(path), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

}
