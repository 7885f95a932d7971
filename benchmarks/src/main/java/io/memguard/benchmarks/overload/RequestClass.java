package io.memguard.benchmarks.overload;

/**
 * A group of identical clients in a scenario.
 *
 * @param name the name in reports
 * @param clients how many clients ask at once
 * @param request what each client asks, again and again
 * @param activeFrom when the clients start, as a fraction of the scenario's duration
 * @param activeTo when they stop, as a fraction of the scenario's duration
 */
record RequestClass(String name, int clients, RequestSpec request, double activeFrom, double activeTo) {

	RequestClass(String name, int clients, RequestSpec request) {
		this(name, clients, request, 0, 1);
	}

}
