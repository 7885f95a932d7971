package io.memguard.benchmarks.overload;

import java.util.List;

/**
 * A request mix driven at the app for a fixed time.
 *
 * @param name the name on the command line and in reports
 * @param description what it shows
 * @param classes the request classes
 * @param searchObjective the class whose goodput the {@code threads.max} search maximizes
 * @param memguardArguments application arguments for the Memguard configuration only
 * @param windows extra views of one class over part of the run
 */
record Scenario(String name, String description, List<RequestClass> classes, String searchObjective,
		List<String> memguardArguments, List<Window> windows) {

	/** After the load, readiness must be UP and this request must succeed. */
	static final RequestSpec NORMAL_REQUEST = RequestSpec.get("/demo/allocate?mb=1");

	Scenario(String name, String description, List<RequestClass> classes, String searchObjective) {
		this(name, description, classes, searchObjective, List.of(), List.of());
	}

	/**
	 * One class's answers to requests sent within part of the run.
	 *
	 * @param name the name in reports
	 * @param requestClass the class
	 * @param from the start, as a fraction of the duration
	 * @param to the end, as a fraction of the duration
	 */
	record Window(String name, String requestClass, double from, double to) {

	}

}
