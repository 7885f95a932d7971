package io.memguard.web.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BodyReadDeadlines}.
 */
class BodyReadDeadlinesTests {

	private final BodyReadDeadlines deadlines = new BodyReadDeadlines(Duration.ofMillis(300), DataSize.ofKilobytes(1));

	private final AtomicInteger expiries = new AtomicInteger();

	@AfterEach
	void close() {
		this.deadlines.close();
	}

	@Test
	void requestWaitingForItsBodyPastTheDeadlineExpiresOnceAndItsReadsFail() throws Exception {
		BodyReadDeadlines.Deadline deadline = this.deadlines.start(1000, this.expiries::incrementAndGet);
		deadline.readStarting();
		await().atMost(Duration.ofSeconds(10)).until(deadline::isExpired);
		Thread.sleep(500);
		assertThat(this.expiries).hasValue(1);
		assertThatExceptionOfType(RequestBodyTimeoutException.class).isThrownBy(() -> deadline.readEnded(1));
		assertThatExceptionOfType(RequestBodyTimeoutException.class).isThrownBy(deadline::readStarting);
	}

	@Test
	void bodyArrivingAtTheMinimumRateKeepsItsSlot() throws Exception {
		BodyReadDeadlines.Deadline deadline = this.deadlines.start(-1, this.expiries::incrementAndGet);
		// each kilobyte buys one more second; one arrives every 100 ms for 1.5 s
		for (int i = 0; i < 15; i++) {
			deadline.readStarting();
			Thread.sleep(100);
			deadline.readEnded(1024);
		}
		deadline.readStarting();
		deadline.readEnded(-1);
		assertThat(deadline.isExpired()).isFalse();
		assertThat(this.expiries).hasValue(0);
	}

	@Test
	void applicationThatIsNotReadingIsNotTheClientsFault() throws Exception {
		BodyReadDeadlines.Deadline deadline = this.deadlines.start(1000, this.expiries::incrementAndGet);
		Thread.sleep(1000);
		assertThat(deadline.isExpired()).isFalse();
		deadline.readStarting();
		await().atMost(Duration.ofSeconds(10)).until(deadline::isExpired);
	}

	@Test
	void completeBodyStopsTheDeadline() throws Exception {
		BodyReadDeadlines.Deadline deadline = this.deadlines.start(10, this.expiries::incrementAndGet);
		deadline.readStarting();
		deadline.readEnded(10);
		deadline.readStarting();
		Thread.sleep(1000);
		assertThat(deadline.isExpired()).isFalse();
	}

}
