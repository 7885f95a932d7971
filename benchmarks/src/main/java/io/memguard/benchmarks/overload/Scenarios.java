package io.memguard.benchmarks.overload;

import java.util.ArrayList;
import java.util.List;

import io.memguard.benchmarks.overload.RequestSpec.Body;

/**
 * The scenarios of issue 9, by name. The steady-state scenario is not among them: it
 * compares two apps side by side and is run by {@link SteadyState}.
 */
final class Scenarios {

	/** The name of the steady-state scenario. */
	static final String STEADY = "steady";

	private static final int MB = 1024 * 1024;

	/** A request that allocates 24 MB and holds it 1.5 s: about six fit in the heap. */
	private static final RequestSpec HEAVY = RequestSpec.get("/demo/allocate?mb=24&holdMillis=1500");

	private static final RequestSpec CHEAP = RequestSpec.get("/demo/slow?millis=20");

	/** The body limit of {@code /demo/upload} in the sample's configuration. */
	private static final long UPLOAD_LIMIT = 20L * MB;

	private Scenarios() {
	}

	static List<String> names() {
		List<String> names = new ArrayList<>(all().stream().map(Scenario::name).toList());
		names.add(STEADY);
		return names;
	}

	static List<Scenario> all() {
		return List.of(uniform(), mixed(), priorities(), unpaginated(), uploads(), pool());
	}

	static Scenario named(String name) {
		return all().stream()
			.filter((scenario) -> scenario.name().equals(name))
			.findFirst()
			.orElseThrow(
					() -> new IllegalArgumentException("Unknown scenario '" + name + "', expected one of " + names()));
	}

	static Scenario uniform() {
		return new Scenario("uniform", "Uniform heavy flood: 24 clients on a 24 MB request held 1.5 s.",
				List.of(new RequestClass("heavy", 24, HEAVY)), "heavy");
	}

	static Scenario mixed() {
		return new Scenario("mixed", "Mixed: 16 clients on a cheap 20 ms request + 16 on the 24 MB request.",
				List.of(new RequestClass("cheap", 16, CHEAP), new RequestClass("heavy", 16, HEAVY)), "heavy");
	}

	static Scenario priorities() {
		RequestSpec moderate = RequestSpec.get("/demo/allocate?mb=8&holdMillis=300");
		return new Scenario("priorities",
				"Priorities: 8 clients of steady critical traffic (8 MB held 300 ms, `X-Priority: critical`), and from "
						+ "20 % to 80 % of the run a 12x burst of the same request marked `X-Priority: low` (96 clients). "
						+ "Memguard runs with `--memguard.web.shed.priority-header=X-Priority`; the others ignore the header.",
				List.of(new RequestClass("critical", 8, RequestSpec.get(moderate.path(), "X-Priority: critical")),
						new RequestClass("low", 96, RequestSpec.get(moderate.path(), "X-Priority: low"), 0.2, 0.8)),
				"critical", List.of("--memguard.web.shed.priority-header=X-Priority"),
				List.of(new Scenario.Window("critical during the burst", "critical", 0.2, 0.8)));
	}

	static Scenario unpaginated() {
		return new Scenario("unpaginated",
				"Unpaginated-list flood: 4 clients on `/demo/bookings/all` (the anti-pattern: all 100 000 bookings in "
						+ "one response) + 8 clients on the paginated `/api/bookings` (50 per page).",
				List.of(new RequestClass("all", 4, RequestSpec.get("/demo/bookings/all")),
						new RequestClass("page", 8, RequestSpec.get("/api/bookings?page_size=50"))),
				"page");
	}

	static Scenario uploads() {
		return new Scenario("uploads",
				"Slow clients and bodies near and over the 20 MB limit of `/demo/upload` (`memguard.web.max-body-size` "
						+ "override), plus 8 clients of ordinary traffic. Over-limit uploads should get 413; a 2xx there "
						+ "means the limit was not enforced.",
				List.of(new RequestClass("ordinary", 8, CHEAP),
						new RequestClass("slow 2 MB", 16,
								RequestSpec.post("/demo/upload", Body.CONTENT_LENGTH, 2L * MB, 256 * 1024)),
						new RequestClass("19 MB", 2,
								RequestSpec.post("/demo/upload", Body.CONTENT_LENGTH, 19L * MB, 0)),
						new RequestClass("19 MB chunked", 2,
								RequestSpec.post("/demo/upload", Body.CHUNKED, 19L * MB, 0)),
						new RequestClass("over limit", 2,
								RequestSpec.post("/demo/upload", Body.CONTENT_LENGTH, UPLOAD_LIMIT + MB, 0)),
						new RequestClass("over limit chunked", 2,
								RequestSpec.post("/demo/upload", Body.CHUNKED, UPLOAD_LIMIT + MB, 0))),
				"ordinary");
	}

	static Scenario pool() {
		return new Scenario("pool",
				"Pool pressure: 24 clients each holding a pooled connection 500 ms in a transaction (the pool has "
						+ "5 connections) + 8 clients on the paginated `/api/bookings` (which needs a connection too) + 8 "
						+ "clients on a cheap request that needs none.",
				List.of(new RequestClass("hold 500 ms", 24, RequestSpec.get("/demo/hold-connection?millis=500")),
						new RequestClass("page", 8, RequestSpec.get("/api/bookings?page_size=20")),
						new RequestClass("cheap", 8, CHEAP)),
				"page");
	}

}
