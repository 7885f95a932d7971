package io.memguard.rejection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTests {

	private final JsonMapper mapper = JsonMapper.shared();

	@ParameterizedTest
	@ValueSource(strings = { "say \"no\"", "C:\\temp\\", "line\nbreak\r\ttab", "bell\u0007 nul\u0000 esc\u001b",
			"caf\u00e9 \u00fcber \u4e2d\u6587", "smile \ud83d\ude00", "del\u007f", "</script>" })
	void anyTextSurvivesTheRoundTripThroughTheProblemBody(String text) {
		String json = ProblemResponses.json(429, "client-" + text, "title " + text, text);
		JsonNode problem = this.mapper.readTree(json);
		assertThat(problem.get("type").asString()).isEqualTo(ProblemResponses.TYPE_BASE + "client-" + text);
		assertThat(problem.get("title").asString()).isEqualTo("title " + text);
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("detail").asString()).isEqualTo(text);
	}

	@Test
	void theBodyIsPrintableAsciiSoItsLengthInCharactersIsItsLengthInBytes() {
		String json = ProblemResponses.json(503, "shed", "\u00e9\n\"\\", "\ud83d\ude00\u0001");
		assertThat(json).matches("[\\x20-\\x7e]*");
		assertThat(json).contains("\\u00e9", "\\n", "\\\"", "\\\\", "\\ud83d\\ude00", "\\u0001");
	}

	@Test
	void writtenProblemDeclaresItsExactLengthInBytes() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		MockHttpServletResponse response = new MockHttpServletResponse();
		ProblemResponses.write(request, response, 503, "shed", "Overloaded", "caf\u00e9 \u2603", Duration.ofSeconds(2),
				false);
		byte[] body = response.getContentAsByteArray();
		assertThat(response.getContentLength()).isEqualTo(body.length);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(this.mapper.readTree(new String(body, StandardCharsets.UTF_8)).get("detail").asString())
			.isEqualTo("caf\u00e9 \u2603");
		assertThat(response.getHeader(ProblemResponses.REASON_HEADER)).isEqualTo("shed");
		assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(2L, 3L);
		assertThat(response.getHeader("Connection")).isNull();
	}

	@Test
	void closesTheConnectionOfARequestThatDeclaresABody() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.setContent(new byte[10]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		ProblemResponses.write(request, response, 413, "body-size", "Too large", "detail", null, false);
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(response.getHeader("Retry-After")).isNull();
	}

}
