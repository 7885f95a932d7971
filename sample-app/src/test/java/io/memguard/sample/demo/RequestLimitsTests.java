package io.memguard.sample.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's body-size limits: 1 MB by default, 20 MB for {@code /demo/upload},
 * declared and chunked bodies alike.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestLimitsTests {

	private static final int MB = 1024 * 1024;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Test
	void aJsonBodyOverOneMegabyteGets413BeforeTheControllerSeesIt() throws Exception {
		String word = "{\"word\":\"" + "x".repeat(MB + 1) + "\",\"language\":\"en\"}";
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/profanity-words"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(word))
			.build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("X-Memguard-Rejected")).hasValue("body-size");
	}

	@Test
	void theUploadTakesTwentyMegabytesEvenChunked() throws Exception {
		HttpResponse<String> response = send(chunkedUpload(20 * MB));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"bytes\":" + 20 * MB);
	}

	@Test
	void aChunkedUploadOverTwentyMegabytesIsCutOffWith413() throws Exception {
		HttpResponse<String> response = send(chunkedUpload(20 * MB + 1));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("X-Memguard-Rejected")).hasValue("body-size");
		assertThat(response.body()).contains("\"status\":413");
	}

	/**
	 * A body of unknown length, so the client sends it chunked and only counting what the
	 * application reads can enforce the limit.
	 */
	private HttpRequest chunkedUpload(long bytes) {
		return HttpRequest.newBuilder(uri("/demo/upload"))
			.POST(BodyPublishers.ofInputStream(() -> new ZeroStream(bytes)))
			.build();
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static final class ZeroStream extends InputStream {

		private long remaining;

		ZeroStream(long bytes) {
			this.remaining = bytes;
		}

		@Override
		public int read() {
			if (this.remaining <= 0) {
				return -1;
			}
			this.remaining--;
			return 0;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.remaining <= 0) {
				return -1;
			}
			int count = (int) Math.min(length, this.remaining);
			Arrays.fill(buffer, offset, offset + count, (byte) 0);
			this.remaining -= count;
			return count;
		}

	}

}
