package io.memguard.web.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.memguard.rejection.RequestRejections;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;
import io.memguard.test.FailureAnalyses;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestLimitsAutoConfiguration}.
 */
class RequestLimitsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RequestRejectionsAutoConfiguration.class, RequestLimitsAutoConfiguration.class));

	@Test
	void registersBothFiltersInOrderForTheOriginalDispatchOnly() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
			FilterRegistrationBean<?> concurrency = context.getBean("memguardConcurrencyLimitFilter",
					FilterRegistrationBean.class);
			FilterRegistrationBean<?> body = context.getBean("memguardRequestBodyLimitFilter",
					FilterRegistrationBean.class);
			assertThat(concurrency.getFilter()).isInstanceOf(ConcurrencyLimitFilter.class);
			assertThat(concurrency.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 20);
			assertThat(body.getFilter()).isInstanceOf(RequestBodyLimitFilter.class);
			assertThat(body.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 30);
			assertThat(concurrency.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
			assertThat(context).hasSingleBean(RequestBodyExceptionResolver.class)
				.hasSingleBean(RequestConcurrencyMetrics.class)
				.hasSingleBean(RequestsMemorySection.class);
		});
	}

	@Test
	void defaultsAreFifteenMegabyteBodiesAndNoConcurrencyCaps() {
		this.contextRunner.run((context) -> {
			RequestLimitsProperties properties = context.getBean(RequestLimitsProperties.class);
			assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(15));
			assertThat(properties.getConcurrencyRetryAfter()).isEqualTo(Duration.ofSeconds(1));
			ConcurrencyLimiter limiter = context.getBean(ConcurrencyLimiter.class);
			assertThat(limiter.maxConcurrent()).isZero();
			assertThat(limiter.isLimitingPerClient()).isFalse();
		});
	}

	@Test
	void bindsLimitsAndOverrides() {
		this.contextRunner
			.withPropertyValues("memguard.web.max-body-size=1KB", "memguard.web.body-size-overrides[/files/**]=2MB",
					"memguard.web.body-size-overrides[/files/small/**]=10B",
					"memguard.web.body-size-overrides[/api/{version}/import]=1MB",
					"memguard.web.max-concurrent-requests=50", "memguard.web.max-concurrent-per-client=5")
			.run((context) -> {
				RequestBodyLimitFilter filter = (RequestBodyLimitFilter) context
					.getBean("memguardRequestBodyLimitFilter", FilterRegistrationBean.class)
					.getFilter();
				assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/notes"))).isEqualTo(1024);
				assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/files/a"))).isEqualTo(2 * 1024 * 1024);
				assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/files/small/a"))).isEqualTo(10);
				assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/files"))).isEqualTo(2 * 1024 * 1024);
				assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/filesystem"))).isEqualTo(1024);
				assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/api/v2/import")))
					.isEqualTo(1024 * 1024);
				ConcurrencyLimiter limiter = context.getBean(ConcurrencyLimiter.class);
				assertThat(limiter.maxConcurrent()).isEqualTo(50);
				assertThat(limiter.maxPerClient()).isEqualTo(5);
			});
	}

	@Test
	void actuatorBasePathIsExemptFromConcurrencyLimitsByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			ConcurrencyLimitFilter filter = concurrencyFilter(
					context.getBean("memguardConcurrencyLimitFilter", FilterRegistrationBean.class));
			assertThat(filter.isExempt(new MockHttpServletRequest("GET", "/manage/health"))).isTrue();
			assertThat(filter.isExempt(new MockHttpServletRequest("GET", "/actuator/health"))).isFalse();
		});
	}

	@Test
	void configuredExemptPathsReplaceTheActuatorBasePath() {
		this.contextRunner.withPropertyValues("memguard.web.concurrency-exempt-paths=/ping").run((context) -> {
			ConcurrencyLimitFilter filter = concurrencyFilter(
					context.getBean("memguardConcurrencyLimitFilter", FilterRegistrationBean.class));
			assertThat(filter.isExempt(new MockHttpServletRequest("GET", "/ping"))).isTrue();
			assertThat(filter.isExempt(new MockHttpServletRequest("GET", "/actuator/health"))).isFalse();
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheFilters() {
		this.contextRunner.withUserConfiguration(UserFilters.class).run((context) -> {
			assertThat(context).doesNotHaveBean("memguardConcurrencyLimitFilter")
				.doesNotHaveBean("memguardRequestBodyLimitFilter")
				.hasSingleBean(ConcurrencyLimitFilter.class)
				.hasSingleBean(RequestBodyLimitFilter.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheLimiter() {
		this.contextRunner.withBean(ConcurrencyLimiter.class, () -> new ConcurrencyLimiter(3, 0))
			.run((context) -> assertThat(context.getBean(ConcurrencyLimiter.class).maxConcurrent()).isEqualTo(3));
	}

	@Test
	void isOffWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConcurrencyLimiter.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RequestsMemorySection.class));
	}

	@Test
	void isOffOutsideServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RequestRejectionsAutoConfiguration.class,
					RequestLimitsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConcurrencyLimiter.class)
				.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void refusesATrustedProxyThatIsNotAnAddressNamingTheValueAndWhereItWasSet() {
		this.contextRunner.withPropertyValues("memguard.web.trusted-proxies=10.0.0.0/8,proxy.internal")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(FailureAnalyses.text(context.getStartupFailure())).contains(
						"Property: memguard.web.trustedProxies", "Origin: \"memguard.web.trusted-proxies\"",
						"Reason: must be IP addresses or CIDR ranges (host names are not resolved), "
								+ "but 'proxy.internal' is not an IP address or CIDR range");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			max-concurrent-requests=-1     | maxConcurrentRequests  | must be at least 0
			max-concurrent-per-client=-1   | maxConcurrentPerClient | must be at least 0
			concurrency-retry-after=-1s    | concurrencyRetryAfter  | must be zero or positive
			body-read-timeout=-1s          | bodyReadTimeout        | must be zero or positive
			min-body-rate=-1KB             | minBodyRate            | must be zero or positive
			""")
	void invalidValueFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues("memguard.web." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.web." + setting, "memguard.web." + property, reason));
	}

	private static ConcurrencyLimitFilter concurrencyFilter(FilterRegistrationBean<?> registration) {
		return (ConcurrencyLimitFilter) registration.getFilter();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilters {

		@Bean
		ConcurrencyLimitFilter userConcurrencyLimitFilter(RequestRejections rejections) {
			return new ConcurrencyLimitFilter(new ConcurrencyLimiter(1, 0), new ClientKeyResolver(null, List.of()),
					List.of(), Duration.ofSeconds(1), rejections, Duration.ZERO, DataSize.ofKilobytes(64));
		}

		@Bean
		RequestBodyLimitFilter userRequestBodyLimitFilter(RequestRejections rejections) {
			return new RequestBodyLimitFilter(DataSize.ofBytes(10), Map.of(), rejections);
		}

	}

}
