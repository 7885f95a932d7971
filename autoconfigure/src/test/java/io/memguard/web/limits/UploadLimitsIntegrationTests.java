package io.memguard.web.limits;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.rejection.ProblemResponses;
import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart uploads with Memguard's defaults, on a real Tomcat: the container's limits
 * follow the body limits and what it refuses is answered like the body-size filter's
 * refusals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "memguard.web.max-body-size=64KB",
		"memguard.web.body-size-overrides[/files/large]=256KB", "memguard.web.admission.enabled=false" })
class UploadLimitsIntegrationTests {

	private static final String BOUNDARY = "memguard-test-boundary";

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Autowired
	Environment environment;

	@Autowired
	RequestRejections rejections;

	@LocalServerPort
	int port;

	@Test
	void multipartLimitsFollowTheLargestBodyLimitWhereTheUserSetNothing() {
		assertThat(this.environment.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("262144B");
		assertThat(this.environment.getProperty("spring.servlet.multipart.max-request-size")).isEqualTo("262144B");
		assertThat(this.environment.getProperty("spring.servlet.multipart.file-size-threshold")).isEqualTo("16KB");
		assertThat(this.environment.getProperty("server.tomcat.max-part-count")).isEqualTo("10");
	}

	@Test
	void partsWithinTheLimitsAreStreamedToTheHandler() throws Exception {
		HttpResponse<String> response = send(multipart(files(10, 20_000)), false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("10 files, 200000 bytes");
	}

	@Test
	void moreThanTenPartsGet413InMemguardsShape() throws Exception {
		long before = this.rejections.count(RejectionReason.BODY_SIZE);
		HttpResponse<String> response = send(multipart(files(11, 100)), false);
		assertBodySizeProblem(response, "more parts than the limit allows");
		assertThat(this.rejections.count(RejectionReason.BODY_SIZE)).isEqualTo(before + 1);
	}

	@Test
	void aChunkedUploadOverTheContainersLimitGets413InMemguardsShape() throws Exception {
		HttpResponse<String> response = send(multipart(files(1, 300_000)), true);
		assertBodySizeProblem(response, "larger than the limit allows");
	}

	private static void assertBodySizeProblem(HttpResponse<String> response, String detail) {
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue(ProblemResponses.REASON_HEADER)).hasValue("body-size");
		assertThat(response.body()).contains("\"type\":\"https://memguard.io/problems/body-size\"")
			.contains("\"status\":413")
			.contains(detail);
	}

	private static Map<String, byte[]> files(int count, int size) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			files.put("file" + i, new byte[size]);
		}
		return files;
	}

	private static byte[] multipart(Map<String, byte[]> files) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
					+ file.getKey() + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			body.write(file.getValue());
			body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

	private HttpResponse<String> send(byte[] body, boolean chunked) throws IOException, InterruptedException {
		BodyPublisher publisher = chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
				: BodyPublishers.ofByteArray(body);
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/files/large"))
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(publisher)
			.build(), BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	@Import(FilesController.class)
	static class TestApplication {

	}

	@RestController
	static class FilesController {

		@PostMapping("/files/large")
		String upload(@RequestParam("files") MultipartFile[] files) throws IOException {
			long bytes = 0;
			byte[] buffer = new byte[8192];
			for (MultipartFile file : files) {
				try (InputStream in = file.getInputStream()) {
					for (int read; (read = in.read(buffer)) != -1;) {
						bytes += read;
					}
				}
			}
			return files.length + " files, " + bytes + " bytes";
		}

	}

}
