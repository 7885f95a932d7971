package io.memguard.benchmarks.overload;

import java.util.Arrays;
import java.util.List;

/**
 * The garbage collectors a scenario can run under.
 */
enum Collector {

	/** G1, the JVM's default. */
	G1("g1", "-XX:+UseG1GC"),

	/** The parallel collector. */
	PARALLEL("parallel", "-XX:+UseParallelGC"),

	/** The serial collector. */
	SERIAL("serial", "-XX:+UseSerialGC"),

	/** ZGC. */
	Z("z", "-XX:+UseZGC");

	private final String id;

	private final String flag;

	Collector(String id, String flag) {
		this.id = id;
		this.flag = flag;
	}

	String id() {
		return this.id;
	}

	String flag() {
		return this.flag;
	}

	static Collector fromId(String id) {
		return Arrays.stream(values())
			.filter((collector) -> collector.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown collector '" + id + "', expected one of "
					+ Arrays.stream(values()).map(Collector::id).toList()));
	}

	static List<Collector> all() {
		return List.of(values());
	}

}
