package io.memguard.sample.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import io.memguard.sample.SampleApplication;
import io.memguard.test.postgres.PostgresDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's {@code prod} profile on real PostgreSQL: Flyway creates the schema
 * (building the index of V5 concurrently, as the {@code postgres} profile does) in
 * sessions with the profile's short lock timeout, and Hibernate validates it.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "memguard.data.cursor-secret=a-secret-of-our-own-0123456789abcdef",
				"spring.flyway.placeholders.concurrently=CONCURRENTLY" })
@ActiveProfiles("prod")
class ProdProfileTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private Flyway flyway;

	@Test
	void migrationSessionsWaitForLocksOnlyAsLongAsTheProdProfileAllows() throws SQLException {
		try (Connection connection = this.flyway.getConfiguration().getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			assertThat(setting(statement, "lock_timeout")).isEqualTo("5s");
			assertThat(setting(statement, "statement_timeout")).isEqualTo("30min");
		}
	}

	@Test
	void prodProfileValidatesTheFlywaySchemaAndStoresDeployments() {
		assertThat(this.entityManagerFactory.getProperties()).containsEntry("hibernate.hbm2ddl.auto", "validate");
		try (EntityManager entityManager = this.entityManagerFactory.createEntityManager()) {
			entityManager.getTransaction().begin();
			Deployment deployment = new Deployment("1.0.0", Instant.parse("2026-11-22T10:15:30Z"));
			entityManager.persist(deployment);
			entityManager.getTransaction().commit();
			entityManager.clear();
			assertThat(entityManager.find(Deployment.class, deployment.getId()).getDeployedAt())
				.isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
			assertThat(entityManager
				.createNativeQuery("select indisvalid from pg_index where indexrelid = 'booking_amount_idx'::regclass")
				.getSingleResult()).isEqualTo(true);
		}
	}

	private static String setting(Statement statement, String name) throws SQLException {
		try (ResultSet result = statement.executeQuery("SHOW " + name)) {
			result.next();
			return result.getString(1);
		}
	}

}
