package io.memguard.data.page;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import io.memguard.actuate.MemoryEndpointContributor;
import io.memguard.data.testapp.DataTestApplication;
import io.memguard.data.testapp.TestTables;
import io.memguard.test.postgres.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The startup check of indexes behind sorted columns, on the data test application and a
 * real PostgreSQL whose {@code ticket} table has only its primary key and whose
 * {@code reading} table has an index on {@code (sensor, recorded_at, id)}.
 */
@SpringBootTest(classes = DataTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memguard.data.cursor-secret=0123456789abcdef0123456789abcdef",
				"spring.jpa.hibernate.ddl-auto=none", "spring.flyway.enabled=false",
				"management.endpoints.web.exposure.include=memory" })
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SortIndexCheckTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@BeforeAll
	static void createTables() {
		DataSource dataSource = postgres.get().unpooledDataSource();
		TestTables.createTickets(dataSource, 100);
		TestTables.createReadings(dataSource, 100, 10);
	}

	@Autowired
	private SortIndexCheck check;

	@Autowired
	private List<MemoryEndpointContributor> sections;

	@Test
	@Order(1)
	void everySortableColumnAndKeysetOrderWithoutALeadingIndexIsListedWithItsStatement(CapturedOutput output) {
		assertThat(this.check.missingIndexes()).extracting(MissingIndex::table, MissingIndex::columns)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ticket", List.of("created_at")),
					org.assertj.core.groups.Tuple.tuple("ticket", List.of("name")),
					org.assertj.core.groups.Tuple.tuple("ticket", List.of("created_at", "id")),
					org.assertj.core.groups.Tuple.tuple("ticket", List.of("name", "id")),
					org.assertj.core.groups.Tuple.tuple("reading", List.of("recorded_at", "id")));
		assertThat(this.check.missingIndexes())
			.filteredOn((index) -> index.columns().equals(List.of("created_at", "id")))
			.singleElement()
			.satisfies((index) -> {
				assertThat(index.statement())
					.isEqualTo("CREATE INDEX CONCURRENTLY ticket_created_at_id_idx ON ticket (created_at, id);");
				assertThat(index.endpoints()).containsExactly("TicketController#scroll");
			});
		assertThat(output).contains("No index on reading leads with (recorded_at, id)")
			.contains("CREATE INDEX CONCURRENTLY reading_recorded_at_id_idx ON reading (recorded_at, id);");
		@SuppressWarnings("unchecked")
		Map<String, Object> section = (Map<String, Object>) this.sections.stream()
			.filter((contributor) -> contributor.sectionName().equals("data"))
			.findFirst()
			.orElseThrow()
			.section();
		assertThat(section.get("missingIndexes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.hasSize(5);
	}

	@Test
	@Order(2)
	void theSuggestedStatementSatisfiesTheCheck() {
		JdbcTemplate jdbc = new JdbcTemplate(postgres.get().unpooledDataSource());
		this.check.missingIndexes()
			.stream()
			.filter((index) -> index.table().equals("reading"))
			.forEach((index) -> jdbc.execute(index.statement()));
		this.check.afterSingletonsInstantiated();
		assertThat(this.check.missingIndexes()).extracting(MissingIndex::table).containsOnly("ticket");
	}

	@Test
	void failModeStopsStartupWithTheStatements() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(DataTestApplication.class).properties(
				"server.port=0", "spring.jpa.hibernate.ddl-auto=none", "spring.flyway.enabled=false",
				"memguard.data.index-check=fail", "spring.datasource.url=" + postgres.get().jdbcUrl(),
				"spring.datasource.username=postgres", "spring.datasource.password=postgres");
		assertThatExceptionOfType(MissingSortIndexException.class).isThrownBy(application::run)
			.withMessageContaining("index(es) missing behind sorted columns")
			.satisfies((ex) -> {
				FailureAnalysis analysis = new MissingSortIndexFailureAnalyzer().analyze(ex);
				assertThat(analysis.getAction())
					.contains("CREATE INDEX CONCURRENTLY ticket_name_idx ON ticket (name);");
			});
	}

	@Test
	void anApplicationWithoutSortedEndpointsNeitherQueriesNorMapsAnything() {
		StaticApplicationContext context = new StaticApplicationContext();
		context.registerSingleton("plainController", PlainController.class);
		RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
		mapping.setApplicationContext(context);
		mapping.afterPropertiesSet();
		assertThat(mapping.getHandlerMethods()).hasSize(1);
		context.getBeanFactory().registerSingleton("mapping", mapping);
		context.refresh();
		SortIndexCheck check = new SortIndexCheck(context.getBeanProvider(RequestMappingHandlerMapping.class),
				tripwire(EntityManagerFactory.class), tripwire(DataSource.class), SortIndexCheck.Mode.FAIL);
		check.afterSingletonsInstantiated();
		assertThat(check.missingIndexes()).isNull();
	}

	private static <T> T tripwire(Class<T> type) {
		return type
			.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
				throw new AssertionError("touched " + type.getSimpleName() + "." + method.getName());
			}));
	}

	@RestController
	static class PlainController {

		@GetMapping("/plain")
		String plain() {
			return "plain";
		}

	}

}
