package io.memguard.web.limits;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RequestBodyLimitFilter} outside Spring MVC: failures that reach the
 * filter itself.
 */
class RequestBodyLimitFilterTests {

	private final RequestRejections rejections = new RequestRejections();

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10),
			Map.of("/unlimited/**", DataSize.ofBytes(-1)), this.rejections);

	@Test
	void failedReadThatEscapesTheChainBecomes413() throws Exception {
		MockHttpServletResponse response = filter(request("/upload", 50, false),
				(request, ignored) -> request.getInputStream().readAllBytes());
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(this.rejections.count(RejectionReason.BODY_SIZE)).isOne();
	}

	@Test
	void failedReadThatTheApplicationSwallowedStillBecomes413() throws Exception {
		MockHttpServletResponse response = filter(request("/upload", 50, false), (request, ignored) -> {
			try {
				request.getInputStream().readAllBytes();
			}
			catch (IOException ex) {
				// the application gives up quietly
			}
		});
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(this.rejections.count(RejectionReason.BODY_SIZE)).isOne();
	}

	@Test
	void declaredLengthOverTheLimitNeverReachesTheChain() throws Exception {
		MockHttpServletResponse response = filter(request("/upload", 50, true), (request, ignored) -> {
			throw new AssertionError("chain must not run");
		});
		assertThat(response.getStatus()).isEqualTo(413);
	}

	@Test
	void unrelatedFailuresPassThrough() {
		assertThatIllegalStateException().isThrownBy(() -> filter(request("/upload", 5, false), (request, ignored) -> {
			throw new IllegalStateException("boom");
		}));
		assertThat(this.rejections.count(RejectionReason.BODY_SIZE)).isZero();
	}

	@Test
	void negativeOverrideMeansNoLimit() throws Exception {
		MockHttpServletResponse response = filter(request("/unlimited/x", 50, true),
				(request, ignored) -> assertThat(request.getInputStream().readAllBytes()).hasSize(50));
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse filter(MockHttpServletRequest request, FilterChain chain)
			throws ServletException, IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, chain);
		return response;
	}

	@Test
	void requestWithoutABodyReachesTheChainUnwrapped() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/upload");
		filter(request, (passed, ignored) -> assertThat(passed).isSameAs(request));
	}

	@Test
	void anHttp2RequestIsCountedWithoutADeclaredLength() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload");
		request.setProtocol("HTTP/2.0");
		filter(request, (passed, ignored) -> assertThat(passed).isInstanceOf(BodyLimitedRequest.class));
	}

	private static MockHttpServletRequest request(String path, int size, boolean declareLength) {
		MockHttpServletRequest request = declareLength ? new MockHttpServletRequest("POST", path)
				: new ChunkedRequest(path);
		request.setContent(new byte[size]);
		return request;
	}

	/**
	 * A request without a declared length, as a chunked one arrives.
	 */
	static class ChunkedRequest extends MockHttpServletRequest {

		ChunkedRequest(String path) {
			super("POST", path);
			addHeader("Transfer-Encoding", "chunked");
		}

		@Override
		public long getContentLengthLong() {
			return -1;
		}

		@Override
		public int getContentLength() {
			return -1;
		}

	}

}
