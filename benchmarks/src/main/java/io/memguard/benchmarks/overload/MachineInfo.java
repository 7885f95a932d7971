package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the reports say about the machine: CPU, memory, Java, load.
 */
final class MachineInfo {

	private MachineInfo() {
	}

	/**
	 * The CPU model and count (from {@code lscpu}) and the memory.
	 * @return one line
	 */
	static String machine() {
		String cpu = run(List.of("lscpu")).lines()
			.filter((line) -> line.startsWith("Model name:") || line.startsWith("CPU(s):"))
			.map((line) -> line.replaceAll("\\s+", " ").trim())
			.collect(Collectors.joining("; "));
		String memory = read(Path.of("/proc/meminfo")).lines()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> line.replaceAll("\\s+", " ").trim())
			.findFirst()
			.orElse("");
		return (cpu.isEmpty() ? Runtime.getRuntime().availableProcessors() + " CPUs" : cpu)
				+ (memory.isEmpty() ? "" : "; " + memory);
	}

	/**
	 * The first line of {@code java -version} of the JVM the apps run on.
	 * @return the version lines, joined
	 */
	static String javaVersion() {
		return run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")).lines()
			.collect(Collectors.joining("; "));
	}

	/**
	 * The load average over 1, 5 and 15 minutes.
	 * @return e.g. {@code 1.20 0.80 0.50}, or empty when unknown
	 */
	static String loadAverage() {
		String[] parts = read(Path.of("/proc/loadavg")).trim().split(" ");
		return (parts.length >= 3) ? parts[0] + " " + parts[1] + " " + parts[2] : "";
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(10, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
