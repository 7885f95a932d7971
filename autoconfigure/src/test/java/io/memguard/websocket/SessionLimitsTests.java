package io.memguard.websocket;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.web.limits.ClientKeyResolver;
import io.memguard.rejection.RejectionReason;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionLimits} and {@link SessionClaims}.
 */
class SessionLimitsTests {

	private static final SessionCap USER = new SessionCap(3, new CloseStatus(4001), RejectionReason.WEBSOCKET_USER);

	private static final SessionCap ROOM = new SessionCap(10, new CloseStatus(4002), RejectionReason.WEBSOCKET_ROOM);

	private final ClientKeyResolver clientKeys = new ClientKeyResolver(null, List.of());

	private final SessionLimits limits = new SessionLimits(
			List.of(new SessionLimit("/ws/**", true, USER, null, RoomKeySource.PATH_VARIABLE, "room"),
					new SessionLimit("/ws/rooms/{room}", true, USER, ROOM, RoomKeySource.PATH_VARIABLE, "room"),
					new SessionLimit("/ws/board", false, null, ROOM, RoomKeySource.QUERY_PARAMETER, "board"),
					new SessionLimit("/ws/doc", true, null, ROOM, RoomKeySource.HEADER, "X-Document")));

	@Test
	void mostSpecificPatternWinsAndTakesItsRoomFromThePath() {
		SessionClaims claims = claims(request("/ws/rooms/blue"));
		assertThat(claims.limit().pattern().getPatternString()).isEqualTo("/ws/rooms/{room}");
		assertThat(claims.userKey()).isEqualTo("address:192.0.2.7");
		assertThat(claims.quotas()).containsExactly(new SessionQuota("user:/ws/rooms/{room}", "address:192.0.2.7", 3),
				new SessionQuota("room:/ws/rooms/{room}", "blue", 10));
		assertThat(claims(request("/ws/other")).limit().pattern().getPatternString()).isEqualTo("/ws/**");
	}

	@Test
	void pathIsMatchedWithinTheApplicationDecodedAndWithoutParameters() {
		MockHttpServletRequest request = request("/app/ws/rooms/%62lue;v=1");
		request.setContextPath("/app");
		assertThat(claims(request).roomKey()).isEqualTo("blue");
	}

	@Test
	void roomComesFromAQueryParameterOrAHeader() {
		MockHttpServletRequest board = request("/ws/board");
		board.setParameter("board", "b1");
		assertThat(claims(board).quotas()).containsExactly(new SessionQuota("room:/ws/board", "b1", 10));
		assertThat(claims(board).refuseAtHandshake()).isFalse();
		MockHttpServletRequest doc = request("/ws/doc");
		doc.addHeader("X-Document", "d1");
		assertThat(claims(doc).roomKey()).isEqualTo("d1");
		assertThat(claims(request("/ws/doc")).quotas()).isEmpty();
	}

	@Test
	void sessionPrincipalReplacesTheHandshakeUser() {
		SessionClaims claims = claims(request("/ws/rooms/blue")).withPrincipal(() -> "alice");
		assertThat(claims.userQuota().key()).isEqualTo("principal:alice");
		assertThat(claims(request("/ws/board")).withPrincipal(() -> "alice").userQuota()).isNull();
	}

	@Test
	void pathsOutsideEveryLimitCountAgainstTheGlobalCapOnly() {
		assertThat(claims(request("/stomp"))).isSameAs(SessionClaims.GLOBAL_ONLY);
		assertThat(SessionClaims.GLOBAL_ONLY.quotas()).isEmpty();
		assertThat(SessionClaims.GLOBAL_ONLY.refuseAtHandshake()).isTrue();
	}

	private SessionClaims claims(MockHttpServletRequest request) {
		return this.limits.claims(request, this.clientKeys);
	}

	private static MockHttpServletRequest request(String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setRemoteAddr("192.0.2.7");
		return request;
	}

}
