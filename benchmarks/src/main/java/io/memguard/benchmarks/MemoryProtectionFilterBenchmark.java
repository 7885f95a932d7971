package io.memguard.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
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

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import io.memguard.web.admission.MemoryAdmission;
import io.memguard.web.MemoryProtectionFilter;
import io.memguard.rejection.RequestRejections;
import io.memguard.web.admission.ThreadAllocationCounter;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The admit path of the {@link MemoryProtectionFilter} (pressure NORMAL, a learned route
 * pattern that fits the budget, priorities by path, one request in eight measured with
 * the JVM's thread allocation counter) against calling the same chain without the filter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MemoryProtectionFilterBenchmark {

	private static final long MB = 1024 * 1024;

	private final CountingChain chain = new CountingChain();

	private MemoryProtectionFilter filter;

	private MockHttpServletRequest request;

	private MockHttpServletResponse response;

	@Setup
	public void setUp() throws Exception {
		MemoryMonitor monitor = new MemoryMonitor(() -> new MemoryReading(100 * MB, 1024 * MB, -1, -1),
				new MemoryThresholds(0.75, 0.90, 0.05));
		MemoryAdmission admission = new MemoryAdmission(monitor,
				new MemoryAdmission.Settings(0.10, 500, MB, 0.5, Duration.ofSeconds(5), 100));
		this.filter = new MemoryProtectionFilter(monitor, admission, ThreadAllocationCounter.jvm(),
				new RequestRejections(), new MemoryProtectionFilter.Settings(List.of("/actuator/**"),
						List.of("/checkout/**"), List.of("/reports/**"), null, Duration.ofSeconds(5), false, 8));
		this.request = new MockHttpServletRequest("GET", "/orders");
		this.request.setServletPath("/orders");
		// what Spring MVC's handler mapping leaves for the filter to learn the route by
		this.request.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern", "/orders");
		this.response = new MockHttpServletResponse();
		for (int i = 0; i < 100; i++) {
			this.filter.doFilter(this.request, this.response, this.chain);
		}
	}

	@Benchmark
	public long withoutFilter() throws Exception {
		this.chain.doFilter(this.request, this.response);
		return this.chain.calls;
	}

	@Benchmark
	public long withMemoryProtectionFilter() throws Exception {
		this.filter.doFilter(this.request, this.response, this.chain);
		return this.chain.calls;
	}

	static final class CountingChain implements FilterChain {

		long calls;

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			this.calls++;
		}

	}

}
