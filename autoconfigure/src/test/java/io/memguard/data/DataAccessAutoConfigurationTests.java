package io.memguard.data;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.persistence.EntityManagerFactory;
import io.memguard.data.batch.KeysetBatchProcessor;
import io.memguard.data.export.StreamingExporter;
import io.memguard.data.guard.EntityLimitExceededException;
import io.memguard.data.guard.EntityLoadGuard;
import io.memguard.data.page.CursorCodec;
import io.memguard.data.page.CursorQuery;
import io.memguard.data.page.InvalidPageRequestException;
import io.memguard.data.page.PageQuery;
import io.memguard.data.page.PageQueryArgumentResolver;
import io.memguard.data.page.PaginationWebMvcConfigurer;
import io.memguard.data.testapp.JpaTestConfiguration;
import io.memguard.data.testapp.TestTables;
import io.memguard.data.testapp.TicketRepository;
import io.memguard.test.FailureAnalyses;
import io.memguard.test.postgres.PostgresDatabase;
import org.hibernate.cfg.QuerySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conditions, back-off and configuration failures of {@link DataAccessAutoConfiguration},
 * and the entity guard in transactions on a real PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataAccessAutoConfigurationTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataAccessAutoConfiguration.class));

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataAccessAutoConfiguration.class));

	private final ApplicationContextRunner jpaRunner = this.runner.withConfiguration(JpaTestConfiguration.JPA)
		.withUserConfiguration(JpaTestConfiguration.class)
		.withPropertyValues(postgres.get().springProperties())
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

	@BeforeAll
	static void createTables() {
		TestTables.createTickets(postgres.get().unpooledDataSource(), 150);
	}

	@Test
	void answersABadPageParameterWithAProblemDetailThroughTheMessageConverters() {
		this.webRunner.withUserConfiguration(WebMvc.class, PageEndpoint.class).run((context) -> {
			MockHttpServletResponse response = MockMvcBuilders.webAppContextSetup(context)
				.build()
				.perform(MockMvcRequestBuilders.get("/pages").param("page", "0"))
				.andReturn()
				.getResponse();
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getContentType()).isEqualTo("application/problem+json");
			assertThat(response.getContentAsString())
				.contains("\"type\":\"https://memguard.io/problems/invalid-page-request\"")
				.contains("\"title\":\"Invalid page parameter\"")
				.contains("\"instance\":\"/pages\"");
		});
	}

	@Test
	void leavesABadPageParameterToTheApplicationsOwnControllerAdvice() {
		this.webRunner.withUserConfiguration(WebMvc.class, PageEndpoint.class, OwnPageProblems.class).run((context) -> {
			MockHttpServletResponse response = MockMvcBuilders.webAppContextSetup(context)
				.build()
				.perform(MockMvcRequestBuilders.get("/pages").param("page", "0"))
				.andReturn()
				.getResponse();
			assertThat(response.getStatus()).isEqualTo(422);
			assertThat(response.getContentAsString()).isEqualTo("own: page");
		});
	}

	@Test
	void signsCursorsWithARandomSecretWithoutWarningWhenNoControllerTakesCursors(CapturedOutput output) {
		this.webRunner.withUserConfiguration(WebMvc.class, PageEndpoint.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(CursorCodec.class)
				.satisfies((codec) -> assertThat(codec.signsWithRandomSecret()).isTrue()));
		assertThat(output).doesNotContain("cursor-secret");
	}

	@Test
	void warnsAboutTheRandomSecretWhenAControllerTakesCursors(CapturedOutput output) {
		this.webRunner.withUserConfiguration(WebMvc.class, CursorEndpoint.class)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("memguard.data.cursor-secret is not set");
	}

	@Test
	void doesNotWarnAboutCursorsSignedWithTheConfiguredSecret(CapturedOutput output) {
		this.webRunner.withUserConfiguration(WebMvc.class, CursorEndpoint.class)
			.withPropertyValues("memguard.data.cursor-secret=0123456789abcdef0123456789abcdef")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("cursor-secret");
	}

	@Test
	void providesNothingWithoutAWebApplicationOrJpa() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CursorCodec.class)
			.doesNotHaveBean(PageQueryArgumentResolver.class)
			.doesNotHaveBean(StreamingExporter.class)
			.doesNotHaveBean(EntityLoadGuard.class)
			.doesNotHaveBean(KeysetBatchProcessor.class));
	}

	@Test
	void backsOffWhenMemguardIsDisabled() {
		this.webRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CursorCodec.class)
				.doesNotHaveBean(PageQueryArgumentResolver.class));
	}

	@Test
	void backsOffWithoutSpringData() {
		this.webRunner.withClassLoader(new FilteredClassLoader(Pageable.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CursorCodec.class));
	}

	@Test
	void resolvesPageParametersInServletApplications() {
		this.webRunner.run((context) -> assertThat(context).hasSingleBean(PageQueryArgumentResolver.class)
			.hasSingleBean(PaginationWebMvcConfigurer.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnBeans() {
		this.webRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).getBean(PageQueryArgumentResolver.class).isSameAs(UserBeans.RESOLVER);
			assertThat(context).getBean(CursorCodec.class).isSameAs(UserBeans.CODEC);
		});
	}

	@Test
	void refusesAShortCursorSecretWithoutPrintingIt() {
		this.webRunner.withPropertyValues("memguard.data.cursor-secret=too-short").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(FailureAnalyses.text(context.getStartupFailure()))
				.contains("Reason: memguard.data.cursor-secret has 9 characters; cursor signing needs at least 32")
				.doesNotContain("too-short");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			page.default-size=500         | page.defaultSize      | must be from 1 to memguard.data.page.max-size (100)
			page.max-size=0               | page.maxSize          | must be at least 1
			export.fetch-size=0           | export.fetchSize      | must be at least 1
			export.clear-every=-1         | export.clearEvery     | must be at least 1
			batch.log-every=0             | batch.logEvery        | must be at least 1
			max-entities-per-request=-1   | maxEntitiesPerRequest | must be at least 0
			""")
	void invalidValueFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.webRunner.withPropertyValues("memguard.data." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.data." + setting, "memguard.data." + property, reason));
	}

	@Test
	void withJpaProvidesExporterBatchProcessorGuardAndFailsOnPaginationOverCollectionFetch() {
		this.jpaRunner.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
			assertThat(context).hasSingleBean(StreamingExporter.class)
				.hasSingleBean(KeysetBatchProcessor.class)
				.hasSingleBean(EntityLoadGuard.class)
				.hasSingleBean(DataMetrics.class)
				.hasSingleBean(DataMemorySection.class);
			Map<String, Object> properties = context.getBean(EntityManagerFactory.class).getProperties();
			assertThat(properties).containsEntry(QuerySettings.FAIL_ON_PAGINATION_OVER_COLLECTION_FETCH, "true");
		});
	}

	@Test
	void createsTheExporterBatchProcessorAndEndpointSectionOnlyWhenAskedFor() {
		this.jpaRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanFactory().getSingletonNames()).contains("memguardEntityLoadGuard")
				.doesNotContain("memguardStreamingExporter", "memguardKeysetBatchProcessor",
						"memguardDataMemorySection");
			assertThat(context.getBean(StreamingExporter.class)).isNotNull();
			assertThat(context.getBeanFactory().getSingletonNames()).contains("memguardStreamingExporter");
		});
	}

	@Test
	void keepsTheUsersChoiceOnPaginationOverCollectionFetch() {
		this.jpaRunner
			.withPropertyValues(
					"spring.jpa.properties." + QuerySettings.FAIL_ON_PAGINATION_OVER_COLLECTION_FETCH + "=false")
			.run((context) -> assertThat(context.getBean(EntityManagerFactory.class).getProperties())
				.containsEntry(QuerySettings.FAIL_ON_PAGINATION_OVER_COLLECTION_FETCH, "false"));
	}

	@Test
	void guardInWarnModeLogsOncePerTransactionAndCounts(CapturedOutput output) {
		this.jpaRunner.withPropertyValues("memguard.data.max-entities-per-request=100").run((context) -> {
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			TicketRepository tickets = context.getBean(TicketRepository.class);
			assertThat(loaded(transaction, () -> tickets.findAll())).isEqualTo(150);
			assertThat(loaded(transaction, () -> tickets.findAll(Pageable.ofSize(100)).getContent())).isEqualTo(100);
			assertThat(context.getBean(EntityLoadGuard.class).exceededCount()).isEqualTo(1);
			assertThat(loaded(transaction, () -> tickets.findAll())).isEqualTo(150);
			assertThat(context.getBean(EntityLoadGuard.class).exceededCount()).isEqualTo(2);
		});
		assertThat(output.toString().split("loaded more than 100 entities", -1)).hasSize(3);
	}

	@Test
	void guardInFailModeAbortsTheTransaction() {
		this.jpaRunner.withPropertyValues("memguard.data.max-entities-per-request=100", "memguard.data.guard-mode=fail")
			.run((context) -> {
				TransactionTemplate transaction = new TransactionTemplate(
						context.getBean(PlatformTransactionManager.class));
				TicketRepository tickets = context.getBean(TicketRepository.class);
				assertThatThrownBy(() -> transaction.execute((status) -> tickets.findAll()))
					.isInstanceOf(EntityLimitExceededException.class)
					.hasMessageStartingWith("Transaction ")
					.hasMessageContaining("loaded more than 100 entities");
				assertThat(loaded(transaction, () -> tickets.findAll(Pageable.ofSize(100)).getContent()))
					.isEqualTo(100);
			});
	}

	@Test
	void guardIsOffWhenTheLimitIsZero() {
		this.jpaRunner.withPropertyValues("memguard.data.max-entities-per-request=0", "memguard.data.guard-mode=fail")
			.run((context) -> {
				TransactionTemplate transaction = new TransactionTemplate(
						context.getBean(PlatformTransactionManager.class));
				assertThat(loaded(transaction, () -> context.getBean(TicketRepository.class).findAll())).isEqualTo(150);
			});
	}

	private static int loaded(TransactionTemplate transaction, Supplier<List<?>> query) {
		return transaction.execute((status) -> query.get().size());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	static class WebMvc {

	}

	@RestController
	static class PageEndpoint {

		@GetMapping("/pages")
		String page(PageQuery query) {
			return "page " + query.page();
		}

	}

	@RestControllerAdvice
	static class OwnPageProblems {

		@ExceptionHandler
		@ResponseStatus(HttpStatus.UNPROCESSABLE_CONTENT)
		String invalidPage(InvalidPageRequestException ex) {
			return "own: " + ex.getParameter();
		}

	}

	@RestController
	static class CursorEndpoint {

		@GetMapping("/scroll")
		String scroll(CursorQuery query) {
			return "scroll " + query.pageSize();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final CursorCodec CODEC = CursorCodec.withRandomSecret();

		static final PageQueryArgumentResolver RESOLVER = new PageQueryArgumentResolver(10, 20, CODEC);

		@Bean
		CursorCodec userCursorCodec() {
			return CODEC;
		}

		@Bean
		PageQueryArgumentResolver userPageQueryArgumentResolver() {
			return RESOLVER;
		}

	}

}
