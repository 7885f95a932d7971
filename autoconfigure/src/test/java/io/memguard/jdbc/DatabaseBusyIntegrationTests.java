package io.memguard.jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import io.memguard.test.postgres.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pool exhaustion and server-side timeouts through a real server on a real PostgreSQL: a
 * request that gets no connection within {@code connectionTimeout}, or whose statement
 * the server cancels after {@code lock_timeout} or {@code statement_timeout}, is answered
 * {@code 503}, not 500.
 */
@SpringBootTest(classes = DatabaseBusyIntegrationTests.BusyApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.maximum-pool-size=1",
				"spring.datasource.hikari.connection-timeout=1000", "spring.flyway.enabled=false",
				"spring.jpa.hibernate.ddl-auto=none", "management.endpoints.web.exposure.include=memory",
				"memguard.datasource.postgres.lock-timeout=300ms",
				"memguard.datasource.postgres.statement-timeout=1s" })
class DatabaseBusyIntegrationTests {

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
	private DataSource dataSource;

	@Autowired
	private Environment environment;

	@Autowired
	private ApplicationContext context;

	@Test
	void requestsWaitingLongerThanTheConnectionTimeoutGet503WithRetryAfter() throws Exception {
		long rejectedBefore = databaseBusyRejections();
		try (Connection held = this.dataSource.getConnection()) {
			for (String path : new String[] { "/jdbc", "/transaction" }) {
				long start = System.nanoTime();
				HttpResponse<String> response = get(path);
				assertThat(response.statusCode()).as(path).isEqualTo(503);
				// connection-timeout is 1 s: generous bound, still far below HikariCP's
				// 30 s default
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
				assertThat(response.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
				assertThat(response.headers().firstValue("X-Memguard-Rejected")).contains("database-busy");
				assertThat(response.body()).contains("\"status\":503");
			}
			held.rollback();
		}
		assertThat(get("/jdbc").statusCode()).isEqualTo(200);
		assertThat(databaseBusyRejections()).isEqualTo(rejectedBefore + 2);
	}

	@Test
	void statementsTheServerCancelsAfterTheLockOrStatementTimeoutGet503OfTheirOwnType() throws Exception {
		long rejectedBefore = rejections("database-timeout");
		DataSource unpooled = postgres.get().unpooledDataSource();
		new JdbcTemplate(unpooled).execute("create table if not exists busy (id int)");
		try (Connection locker = unpooled.getConnection()) {
			locker.setAutoCommit(false);
			locker.createStatement().execute("lock table busy in access exclusive mode");
			for (String path : new String[] { "/lock/jdbc", "/lock/jpa" }) {
				assertDatabaseTimeout(get(path), path);
			}
			locker.rollback();
		}
		assertDatabaseTimeout(get("/sleep"), "/sleep");
		assertThat(get("/lock/jdbc").statusCode()).isEqualTo(200);
		assertThat(rejections("database-timeout")).isEqualTo(rejectedBefore + 3);
	}

	private static void assertDatabaseTimeout(HttpResponse<String> response, String path) {
		assertThat(response.statusCode()).as(path).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.headers().firstValue("X-Memguard-Rejected")).contains("database-timeout");
		assertThat(response.body()).contains("\"type\":\"https://memguard.io/problems/database-timeout\"");
	}

	private long databaseBusyRejections() throws Exception {
		return rejections("database-busy");
	}

	private long rejections(String reason) throws Exception {
		JsonNode memory = JsonMapper.builder().build().readTree(get("/actuator/memory").body());
		return memory.get("requests").get("rejected").get(reason).asLong();
	}

	@Test
	void memoryEndpointShowsThePoolAndLeakMetricsAreRegistered() throws Exception {
		JsonNode datasource = JsonMapper.builder().build().readTree(get("/actuator/memory").body()).get("datasource");
		assertThat(datasource.get("max").asInt()).isEqualTo(1);
		assertThat(datasource.has("active") && datasource.has("idle") && datasource.has("pending")).isTrue();
		assertThat(datasource.get("leakThresholdMillis").asLong()).isEqualTo(60_000);
		assertThat(datasource.get("leaks").isEmpty()).isTrue();
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		assertThat(registry.get("memguard.datasource.leaks").functionCounter().count()).isZero();
		assertThat(registry.get("memguard.datasource.leaks.active").gauge().value()).isZero();
	}

	@Test
	void openSessionInViewIsOffUnlessTheUserTurnsItOn() {
		assertThat(this.environment.getProperty("spring.jpa.open-in-view")).isEqualTo("false");
		assertThat(this.context.getBeanNamesForType(OpenEntityManagerInViewInterceptor.class)).isEmpty();
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BusyApplication {

		@RestController
		static class QueryController {

			private final JdbcTemplate jdbc;

			private final TransactionTemplate transaction;

			private final EntityManager entityManager;

			QueryController(JdbcTemplate jdbc, TransactionTemplate transaction, EntityManager entityManager) {
				this.jdbc = jdbc;
				this.transaction = transaction;
				this.entityManager = entityManager;
			}

			@GetMapping("/jdbc")
			Integer jdbc() {
				return this.jdbc.queryForObject("select 1", Integer.class);
			}

			@GetMapping("/transaction")
			Integer transaction() {
				return this.transaction.execute((status) -> this.jdbc.queryForObject("select 1", Integer.class));
			}

			@GetMapping("/lock/jdbc")
			Integer lockWithJdbc() {
				return this.jdbc.queryForObject("select count(*) from busy", Integer.class);
			}

			@GetMapping("/lock/jpa")
			Object lockWithJpa() {
				return this.transaction
					.execute((status) -> this.entityManager.createNativeQuery("select count(*) from busy for update")
						.getSingleResult());
			}

			@GetMapping("/sleep")
			Integer sleep() {
				return this.jdbc.queryForObject("select 1 from pg_sleep(5)", Integer.class);
			}

		}

	}

}
