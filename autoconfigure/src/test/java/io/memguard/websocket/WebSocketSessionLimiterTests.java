package io.memguard.websocket;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.memguard.rejection.RejectionReason;
import io.memguard.rejection.RequestRejections;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketSessionLimiter}.
 */
class WebSocketSessionLimiterTests {

	private static final SessionCap USER = new SessionCap(2, new CloseStatus(4001), RejectionReason.WEBSOCKET_USER);

	private static final SessionCap GLOBAL = new SessionCap(3, new CloseStatus(1013), RejectionReason.WEBSOCKET_GLOBAL);

	private final RequestRejections rejections = new RequestRejections();

	private final LocalSessionLeaseStore store = new LocalSessionLeaseStore();

	private final SessionLimit presence = new SessionLimit("/ws", false, USER, null, RoomKeySource.PATH_VARIABLE,
			"room");

	private final WebSocketSessionLimiter limiter = new WebSocketSessionLimiter(
			new SessionLimits(List.of(this.presence)), GLOBAL, this.store, this.rejections);

	@Test
	void sessionOverACapIsRefusedWithItsCloseStatusAndCounted() {
		assertThat(this.limiter.tryOpen(session(), alice())).isNull();
		assertThat(this.limiter.tryOpen(session(), alice())).isNull();
		assertThat(this.limiter.tryOpen(session(), alice())).isEqualTo(USER);
		assertThat(this.limiter.tryOpen(session(), SessionClaims.GLOBAL_ONLY)).isNull();
		assertThat(this.limiter.tryOpen(session(), SessionClaims.GLOBAL_ONLY)).isEqualTo(GLOBAL);
		assertThat(this.limiter.openSessions()).isEqualTo(3);
		assertThat(this.rejections.count(RejectionReason.WEBSOCKET_USER)).isOne();
		assertThat(this.rejections.count(RejectionReason.WEBSOCKET_GLOBAL)).isOne();
	}

	@Test
	void handshakeCheckReadsCountsOnlyAndSkipsLimitsThatRefuseByCloseCode() {
		this.limiter.tryOpen(session(), alice());
		this.limiter.tryOpen(session(), alice());
		assertThat(this.limiter.refusalAtHandshake(alice())).isNull();
		SessionLimit strict = new SessionLimit("/ws", true, USER, null, RoomKeySource.PATH_VARIABLE, "room");
		assertThat(this.limiter.refusalAtHandshake(new SessionClaims(strict, "principal:alice", null))).isEqualTo(USER);
		this.limiter.tryOpen(session(), SessionClaims.GLOBAL_ONLY);
		assertThat(this.limiter.refusalAtHandshake(SessionClaims.GLOBAL_ONLY)).isEqualTo(GLOBAL);
		assertThat(this.limiter.openSessions()).isEqualTo(3);
	}

	@Test
	void closingGivesTheCountsBackExactlyOnce() {
		WebSocketSession session = session();
		this.limiter.tryOpen(session, alice());
		assertThat(this.limiter.close(session)).isTrue();
		assertThat(this.limiter.close(session)).isFalse();
		assertThat(this.limiter.openSessions()).isZero();
		assertThat(this.store.counterCount()).isZero();
	}

	@Test
	void stopGivesBackTheCountsOfSessionsThatCannotEvenBeClosed() {
		this.limiter.start();
		this.limiter.tryOpen(session(), alice());
		this.limiter.tryOpen(session(), SessionClaims.GLOBAL_ONLY);
		this.limiter.stop();
		assertThat(this.limiter.isRunning()).isFalse();
		assertThat(this.limiter.openSessions()).isZero();
		assertThat(this.store.counterCount()).isZero();
	}

	@Test
	void concurrentOpeningsNeverPassTheGlobalCap() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
		CountDownLatch done = new CountDownLatch(8);
		for (int thread = 0; thread < 8; thread++) {
			executor.execute(() -> {
				for (int i = 0; i < 10_000; i++) {
					WebSocketSession session = session();
					if (this.limiter.tryOpen(session, SessionClaims.GLOBAL_ONLY) == null) {
						seen.add(this.limiter.openSessions());
						this.limiter.close(session);
					}
				}
				done.countDown();
			});
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
		executor.shutdown();
		assertThat(seen).isNotEmpty().allSatisfy((open) -> assertThat(open).isLessThanOrEqualTo(3));
		assertThat(this.limiter.openSessions()).isZero();
	}

	private SessionClaims alice() {
		return new SessionClaims(this.presence, "principal:alice", null);
	}

	private static WebSocketSession session() {
		return new StandardWebSocketSession(new HttpHeaders(), null, null, null);
	}

}
