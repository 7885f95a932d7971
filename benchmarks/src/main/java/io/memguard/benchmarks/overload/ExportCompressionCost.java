package io.memguard.benchmarks.overload;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the response compression Memguard turns on saves and costs on the sample's export
 * of 100 000 bookings: bytes on the wire, the server's CPU time (its
 * {@code process.cpu.time} metric) and wall time per export, with and without
 * {@code Accept-Encoding: gzip}, and the time to the first byte. Reuses the overload
 * harness's way of starting the sample (at {@code -Xmx256m}); it does not run the
 * harness.
 * <p>
 * {@code java -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes"
 * io.memguard.benchmarks.overload.ExportCompressionCost [exports per case]}
 */
public final class ExportCompressionCost {

	private static final Pattern CPU_NANOS = Pattern.compile("\"value\":([0-9.eE+]+)");

	private ExportCompressionCost() {
	}

	public static void main(String[] args) throws Exception {
		int exports = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		try (SampleAppProcess app = SampleAppProcess.start(Path.of("target", "export-compression-app.log"),
				List.of("-Xmx256m"), List.of())) {
			URI base = URI.create("http://127.0.0.1:" + app.address().getPort());
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			System.out.println(
					"| Format | Encoding | Bytes on the wire | Server CPU per export | Wall time per export | First byte |");
			System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
			for (String format : List.of("ndjson", "csv")) {
				for (boolean gzip : List.of(false, true)) {
					// warm-up: JIT, the H2 page cache
					measure(http, base, format, gzip, 3);
					Result result = measure(http, base, format, gzip, exports);
					System.out.printf("| %s | %s | %,d | %.0f ms | %.0f ms | %.0f ms |%n", format,
							gzip ? "gzip" : "identity", result.bytes(), result.cpuMillis(), result.wallMillis(),
							result.firstByteMillis());
				}
			}
		}
	}

	private static Result measure(HttpClient http, URI base, String format, boolean gzip, int exports)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/bookings/export?format=" + format))
			.timeout(Duration.ofMinutes(2));
		if (gzip) {
			request.header("Accept-Encoding", "gzip");
		}
		double cpuBefore = serverCpuNanos(http, base);
		long bytes = 0;
		long firstByteNanos = 0;
		long start = System.nanoTime();
		for (int i = 0; i < exports; i++) {
			long sent = System.nanoTime();
			HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			if (response.statusCode() != 200
					|| gzip != response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
				throw new IllegalStateException("Unexpected answer " + response);
			}
			try (InputStream body = response.body()) {
				byte[] buffer = new byte[64 * 1024];
				int read = body.read(buffer);
				firstByteNanos += System.nanoTime() - sent;
				long total = Math.max(0, read);
				while ((read = body.read(buffer)) != -1) {
					total += read;
				}
				bytes = total;
			}
		}
		long wall = System.nanoTime() - start;
		double cpu = serverCpuNanos(http, base) - cpuBefore;
		return new Result(bytes, cpu / exports / 1e6, wall / (double) exports / 1e6,
				firstByteNanos / (double) exports / 1e6);
	}

	private static double serverCpuNanos(HttpClient http, URI base) throws Exception {
		String body = http
			.send(HttpRequest.newBuilder(base.resolve("/actuator/metrics/process.cpu.time")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher matcher = CPU_NANOS.matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException("No process.cpu.time in " + body);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private record Result(long bytes, double cpuMillis, double wallMillis, double firstByteMillis) {
	}

}
