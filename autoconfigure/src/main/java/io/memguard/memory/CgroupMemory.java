package io.memguard.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the container's memory limit and working set from its cgroup: v2
 * ({@code memory.max}, {@code memory.current}) or v1
 * ({@code memory/memory.limit_in_bytes}, {@code memory/memory.usage_in_bytes}). Like the
 * kubelet, the working set excludes inactive page cache ({@code inactive_file} in
 * {@code memory.stat}), which the kernel reclaims before it kills anything.
 */
class CgroupMemory {

	/** Where cgroups are mounted inside a container. */
	public static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");

	/** cgroup v1 reports "no limit" as a huge number (a page-rounded Long.MAX_VALUE). */
	private static final long V1_UNLIMITED = 1L << 62;

	private final Path root;

	/**
	 * Reads the cgroup mounted under the given root.
	 * @param root the cgroup mount point, usually {@link #DEFAULT_ROOT}
	 */
	public CgroupMemory(Path root) {
		this.root = root;
	}

	/**
	 * Reads the current figures.
	 * @return the usage and limit, each {@code -1} when unknown or unlimited
	 */
	public Usage read() {
		if (Files.isRegularFile(this.root.resolve("memory.max"))) {
			long limit = readBytes(this.root.resolve("memory.max"));
			long current = readBytes(this.root.resolve("memory.current"));
			return new Usage(workingSet(current, this.root.resolve("memory.stat"), "inactive_file"), limit);
		}
		Path v1 = this.root.resolve("memory");
		if (Files.isRegularFile(v1.resolve("memory.limit_in_bytes"))) {
			long limit = readBytes(v1.resolve("memory.limit_in_bytes"));
			long usage = readBytes(v1.resolve("memory.usage_in_bytes"));
			return new Usage(workingSet(usage, v1.resolve("memory.stat"), "total_inactive_file"),
					(limit >= V1_UNLIMITED) ? -1 : limit);
		}
		return Usage.UNKNOWN;
	}

	private static long workingSet(long usage, Path stat, String inactiveFileKey) {
		if (usage < 0) {
			return -1;
		}
		return Math.max(0, usage - statValue(stat, inactiveFileKey));
	}

	private static long statValue(Path stat, String key) {
		try {
			List<String> lines = Files.readAllLines(stat, StandardCharsets.US_ASCII);
			for (String line : lines) {
				if (line.startsWith(key + " ")) {
					return Long.parseLong(line.substring(key.length() + 1).trim());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// No usable memory.stat: count the whole usage
		}
		return 0;
	}

	private static long readBytes(Path file) {
		try {
			String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
			return "max".equals(value) ? -1 : Long.parseLong(value);
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Container memory figures.
	 *
	 * @param usage working set in bytes (usage minus inactive page cache), or {@code -1}
	 * when unknown
	 * @param limit memory limit in bytes, or {@code -1} when unknown or unlimited
	 */
	public record Usage(long usage, long limit) {

		/** Nothing known: not in a container, or no readable cgroup. */
		public static final Usage UNKNOWN = new Usage(-1, -1);

	}

}
