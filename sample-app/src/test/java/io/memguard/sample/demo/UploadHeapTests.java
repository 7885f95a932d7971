package io.memguard.sample.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed app's upload, ten files of 10 MB in one multipart request, to the sample in a
 * JVM with a 128 MB heap: the parts go to disk as they arrive, so the live heap after the
 * upload is what it was before (were they kept in memory, 100 MB of parts in a 128 MB
 * heap would run out of memory). The live heap is measured after a full collection, which
 * the cleanup action of {@code POST /actuator/memory} requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadHeapTests {

	private static final int MB = 1024 * 1024;

	private static final String BOUNDARY = "sample-upload-boundary";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ForkedSampleApp app;

	@BeforeAll
	void startSampleApp() throws Exception {
		this.app = ForkedSampleApp.start(Path.of("target", "upload-test-app.log"), List.of("-Xmx128m"),
				List.of("--sample.seed.bookings=1000", "--management.endpoints.access.max-permitted=unrestricted",
						"--management.endpoint.memory.access=unrestricted"));
	}

	@AfterAll
	void stopSampleApp() throws InterruptedException {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void tenFilesOfTenMegabytesLeaveTheLiveHeapFlat() throws Exception {
		long liveBefore = liveHeapAfterFullCollection();
		HttpResponse<String> response = upload(10, 10 * MB);
		long liveAfter = liveHeapAfterFullCollection();
		System.out.printf("Live heap before the upload %d MB, after %d MB%n", liveBefore / MB, liveAfter / MB);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(response.body()).get("bytes").valueStream().map(JsonNode::asLong))
			.hasSize(10)
			.allSatisfy((bytes) -> assertThat(bytes).isEqualTo(10L * MB));
		assertThat(liveAfter - liveBefore).isLessThan(8L * MB);
		assertThat(this.app.isAlive()).isTrue();
		assertThat(this.app.log()).doesNotContain("java.lang.OutOfMemoryError");
	}

	@Test
	void aFileOverTheLimitGetsMemguardsProblem() throws Exception {
		assertBodySizeProblem(upload(1, 11 * MB));
	}

	@Test
	void elevenFilesGetMemguardsProblem() throws Exception {
		assertBodySizeProblem(upload(11, 1024));
	}

	private static void assertBodySizeProblem(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"type\":\"https://memguard.io/problems/body-size\"");
	}

	private HttpResponse<String> upload(int files, int size) throws IOException, InterruptedException {
		ByteArrayOutputStream body = new ByteArrayOutputStream(files * (size + 200));
		byte[] content = new byte[size];
		Arrays.fill(content, (byte) 'x');
		for (int i = 0; i < files; i++) {
			body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"file" + i
					+ ".txt\"\r\nContent-Type: text/plain\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			body.write(content);
			body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return this.http.send(HttpRequest.newBuilder(this.app.uri("/demo/files"))
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), BodyHandlers.ofString());
	}

	private long liveHeapAfterFullCollection() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.app.uri("/actuator/memory"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"force\": true}"))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body()).get("after").get("usedAfterLastGc").asLong();
	}

}
