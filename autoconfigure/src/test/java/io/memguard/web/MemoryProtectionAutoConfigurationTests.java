package io.memguard.web;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.memguard.rejection.RequestRejections;
import io.memguard.rejection.RequestRejectionsAutoConfiguration;
import io.memguard.test.FailureAnalyses;
import io.memguard.web.admission.MemoryAdmission;
import io.memguard.web.admission.RequestPriority;

import io.memguard.memory.MemoryAutoConfiguration;
import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryProbe;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryProtectionAutoConfiguration}.
 */
class MemoryProtectionAutoConfigurationTests {

	private static final long MB = 1024 * 1024;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class,
				RequestRejectionsAutoConfiguration.class, MemoryProtectionAutoConfiguration.class))
		.withBean(MemoryProbe.class, () -> () -> new MemoryReading(95 * MB, 100 * MB, -1, -1));

	@Test
	void registersTheFilterAheadOfOtherFiltersForRequestDispatches() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(MemoryProtectionFilter.class);
			assertThat(registration.getOrder()).isEqualTo(MemoryProtectionFilter.ORDER);
			assertThat(registration.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
			assertThat(context).hasSingleBean(MemoryAdmission.class)
				.hasBean("memguardAdmissionMemorySection")
				.hasBean("memguardAdmissionMetrics");
		});
	}

	@Test
	void backsOffWhenUserDefinesMemoryProtectionFilter() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class);
			assertThat(context).getBean("userFilter").isSameAs(context.getBean(FilterRegistrationBean.class));
		});
	}

	@Test
	void backsOffWhenUserDefinesMemoryAdmission() {
		MemoryAdmission own = new MemoryAdmission(
				new MemoryMonitor(() -> new MemoryReading(0, 100 * MB, -1, -1), new MemoryThresholds(0.75, 0.9, 0.05)),
				new MemoryAdmission.Settings(0.1, 10, MB, 0.5, Duration.ZERO, 0));
		this.contextRunner.withBean(MemoryAdmission.class, () -> own)
			.run((context) -> assertThat(context).getBean(MemoryAdmission.class).isSameAs(own));
	}

	@Test
	void admissionReservationsAreWhatTheMonitorTakesOffTheLiveHeap() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class,
					RequestRejectionsAutoConfiguration.class, MemoryProtectionAutoConfiguration.class))
			.withBean(MemoryProbe.class, () -> () -> new MemoryReading(10 * MB, 100 * MB, -1, -1, -1, 1, -1))
			.run((context) -> {
				MemoryAdmission admission = context.getBean(MemoryAdmission.class);
				admission.learn("/report", 200, 5 * MB);
				admission.admit("/report", admission.route("/report"), RequestPriority.CRITICAL);
				assertThat(context.getBean(MemoryMonitor.class).refresh().heldInFlightBytes()).isEqualTo(5 * MB);
			});
	}

	@Test
	void shedsByLevelOnlyWhenAdmissionIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.web.admission.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class)
				.doesNotHaveBean(MemoryAdmission.class)
				.doesNotHaveBean("memguardAdmissionMemorySection");
			assertThat(statusAtCritical(context, "/work")).isEqualTo(503);
		});
	}

	@Test
	void isOffWhenMemguardIsDisabled() {
		this.contextRunner.withPropertyValues("memguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(MemoryAdmission.class));
	}

	@Test
	void isOffOutsideServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class,
					RequestRejectionsAutoConfiguration.class, MemoryProtectionAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(MemoryMonitor.class)
				.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void publishesNoAdmissionMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(MemoryAdmission.class)
				.doesNotHaveBean("memguardAdmissionMetrics"));
	}

	@Test
	void exemptsTheActuatorBasePathByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(statusAtCritical(context, "/actuator/health")).isEqualTo(200);
			assertThat(statusAtCritical(context, "/actuatorx")).isEqualTo(503);
		});
	}

	@Test
	void exemptsACustomActuatorBasePath() {
		this.contextRunner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			assertThat(statusAtCritical(context, "/manage/health")).isEqualTo(200);
			assertThat(statusAtCritical(context, "/actuator/health")).isEqualTo(503);
		});
	}

	@Test
	void exemptsConfiguredPathsInsteadOfTheActuator() {
		this.contextRunner.withPropertyValues("memguard.web.shed.exempt-paths=/ping,/status/**").run((context) -> {
			assertThat(statusAtCritical(context, "/ping")).isEqualTo(200);
			assertThat(statusAtCritical(context, "/status/db")).isEqualTo(200);
			assertThat(statusAtCritical(context, "/actuator/health")).isEqualTo(503);
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			admission.safety-margin=1.5 | admission.safetyMargin | must be at least 0 and below 1
			admission.max-routes=0      | admission.maxRoutes    | must be at least 1
			admission.sample-every=-1   | admission.sampleEvery  | must be at least 1
			shed.retry-after=-5s        | shed.retryAfter        | must be zero or positive
			""")
	void invalidValueFailsStartupNamingThePropertyAndWhereItWasSet(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues("memguard.web." + setting)
			.run((context) -> FailureAnalyses.assertReportsInvalidProperty(context.getStartupFailure(),
					"memguard.web." + setting, "memguard.web." + property, reason));
	}

	private static int statusAtCritical(ApplicationContext context, String path) throws Exception {
		// the probe reads 95% live heap: a refresh makes the level CRITICAL
		context.getBean(MemoryMonitor.class).refresh();
		MemoryProtectionFilter filter = (MemoryProtectionFilter) context.getBean(FilterRegistrationBean.class)
			.getFilter();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		FilterRegistrationBean<MemoryProtectionFilter> userFilter(MemoryMonitor monitor) {
			return new FilterRegistrationBean<>(new MemoryProtectionFilter(monitor, null, () -> -1,
					new RequestRejections(), new MemoryProtectionFilter.Settings(List.of(), List.of(), List.of(), null,
							java.time.Duration.ofSeconds(1), false, 1)));
		}

	}

}
