package io.memguard.web.limits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BodyLimitedRequest} and {@link LimitedServletInputStream}.
 */
class BodyLimitedRequestTests {

	@Test
	void bodyOfExactlyTheLimitIsReadWhole() throws IOException {
		BodyLimitedRequest request = new BodyLimitedRequest(requestWithBody(100), 100);
		assertThat(request.getInputStream().readAllBytes()).hasSize(100);
		assertThat(request.isLimitExceeded()).isFalse();
	}

	@Test
	void bodyOneByteOverTheLimitFailsWithoutHandingOutThatByte() throws IOException {
		BodyLimitedRequest request = new BodyLimitedRequest(requestWithBody(101), 100);
		InputStream body = request.getInputStream();
		byte[] buffer = new byte[64];
		long handedOut = 0;
		try {
			int read;
			while ((read = body.read(buffer)) != -1) {
				handedOut += read;
			}
		}
		catch (RequestBodyTooLargeException ex) {
			assertThat(ex.getLimit()).isEqualTo(100);
		}
		assertThat(handedOut).isLessThanOrEqualTo(100);
		assertThat(request.isLimitExceeded()).isTrue();
		assertThatExceptionOfType(RequestBodyTooLargeException.class).isThrownBy(body::read);
	}

	@Test
	void singleByteReadsStopAtTheLimit() throws IOException {
		BodyLimitedRequest request = new BodyLimitedRequest(requestWithBody(20), 10);
		InputStream body = request.getInputStream();
		for (int i = 0; i < 10; i++) {
			assertThat(body.read()).isNotEqualTo(-1);
		}
		assertThatExceptionOfType(RequestBodyTooLargeException.class).isThrownBy(body::read);
	}

	@Test
	void readerIsLimitedToo() throws IOException {
		MockHttpServletRequest mock = requestWithBody(5000);
		mock.setCharacterEncoding("UTF-8");
		BodyLimitedRequest request = new BodyLimitedRequest(mock, 1000);
		BufferedReader reader = request.getReader();
		assertThatExceptionOfType(RequestBodyTooLargeException.class)
			.isThrownBy(() -> reader.transferTo(Writer.nullWriter()));
		assertThat(request.isLimitExceeded()).isTrue();
	}

	@Test
	@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void largestPossibleLimitReadsTheWholeBody() throws IOException {
		BodyLimitedRequest request = new BodyLimitedRequest(requestWithBody(100), Long.MAX_VALUE);
		assertThat(request.getInputStream().readAllBytes()).hasSize(100);
	}

	@Test
	void exceptionIsFoundAnywhereInACauseChain() {
		RequestBodyTooLargeException tooLarge = new RequestBodyTooLargeException(7);
		Exception wrapped = new IllegalStateException(new RuntimeException(tooLarge));
		assertThat(RequestBodyTooLargeException.findIn(wrapped)).isSameAs(tooLarge);
		assertThat(RequestBodyTooLargeException.findIn(new IOException("other"))).isNull();
	}

	private static MockHttpServletRequest requestWithBody(int size) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload");
		byte[] body = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
		request.setContent(body);
		return request;
	}

}
