package io.memguard.benchmarks.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.memguard.web.limits.ClientKeyResolver;
import io.memguard.web.limits.ConcurrencyLimitFilter;
import io.memguard.web.limits.ConcurrencyLimiter;
import io.memguard.web.limits.RequestBodyLimitFilter;
import io.memguard.rejection.RequestRejections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The admit path of the request-limit filters: one admitted {@code GET} through the
 * concurrency filter (global and per-client caps, client behind a trusted proxy, actuator
 * exemption checked), the concurrency filter with a global cap only, the body-size
 * filter, and both filters, against the bare filter chain. Single thread, average time
 * per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RequestLimitsBenchmark {

	private final FilterChain application = (request, response) -> {
	};

	private MockHttpServletRequest request;

	private MockHttpServletResponse response;

	private ConcurrencyLimitFilter concurrencyFilter;

	private ConcurrencyLimitFilter globalCapFilter;

	private RequestBodyLimitFilter bodyLimitFilter;

	private FilterChain bodyLimitThenApplication;

	@Setup
	public void setUp() {
		RequestRejections rejections = new RequestRejections();
		this.concurrencyFilter = new ConcurrencyLimitFilter(new ConcurrencyLimiter(200, 20),
				new ClientKeyResolver("X-Forwarded-For", List.of("10.0.0.0/8")), List.of("/actuator/**"),
				Duration.ofSeconds(1), rejections, Duration.ofSeconds(10), DataSize.ofKilobytes(64));
		this.globalCapFilter = new ConcurrencyLimitFilter(new ConcurrencyLimiter(200, 0),
				new ClientKeyResolver("X-Forwarded-For", List.of()), List.of("/actuator/**"), Duration.ofSeconds(1),
				rejections, Duration.ofSeconds(10), DataSize.ofKilobytes(64));
		this.bodyLimitFilter = new RequestBodyLimitFilter(DataSize.ofMegabytes(15),
				Map.of("/api/files/**", DataSize.ofMegabytes(200)), rejections);
		this.bodyLimitThenApplication = (request, response) -> this.bodyLimitFilter.doFilter(request, response,
				this.application);
		this.request = new MockHttpServletRequest("GET", "/api/notes/42");
		this.request.setRemoteAddr("10.1.2.3");
		this.request.addHeader("X-Forwarded-For", "198.51.100.7");
		this.response = new MockHttpServletResponse();
	}

	@Benchmark
	public void noFilter() throws IOException, ServletException {
		this.application.doFilter(this.request, this.response);
	}

	@Benchmark
	public void concurrencyFilter() throws IOException, ServletException {
		this.concurrencyFilter.doFilter(this.request, this.response, this.application);
	}

	@Benchmark
	public void concurrencyFilterGlobalCapOnly() throws IOException, ServletException {
		this.globalCapFilter.doFilter(this.request, this.response, this.application);
	}

	@Benchmark
	public void bodyLimitFilter() throws IOException, ServletException {
		this.bodyLimitFilter.doFilter(this.request, this.response, this.application);
	}

	@Benchmark
	public void bothFilters() throws IOException, ServletException {
		this.concurrencyFilter.doFilter(this.request, this.response, this.bodyLimitThenApplication);
	}

}
