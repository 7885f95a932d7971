package io.memguard.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import io.memguard.memory.MemoryMonitor;
import io.memguard.memory.MemoryReading;
import io.memguard.memory.MemoryThresholds;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryHealthIndicatorTests {

	private long live = 10;

	private final MemoryMonitor monitor = new MemoryMonitor(() -> new MemoryReading(this.live, 100, -1, -1),
			new MemoryThresholds(0.75, 0.9, 0.05));

	@Test
	void upWithDetailsAtNormalAndWarning() {
		assertThat(health(null, Duration.ZERO).getStatus()).isEqualTo(Status.UP);
		this.live = 80;
		this.monitor.refresh();
		Health health = health(null, Duration.ZERO);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("level", this.monitor.level())
			.containsEntry("liveRatio", 0.8)
			.containsKeys("levelSince", "heapUsedAfterGc", "heapMax")
			.doesNotContainKey("containerRatio");
	}

	@Test
	void outOfServiceAtCritical() {
		this.live = 95;
		this.monitor.refresh();
		assertThat(health(null, Duration.ofDays(365)).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void downOnceCriticalHasLastedLongerThanAllowed() {
		this.live = 95;
		this.monitor.refresh();
		assertThat(health(Duration.ofMinutes(10), Duration.ofMinutes(9)).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health(Duration.ofMinutes(10), Duration.ofMinutes(10)).getStatus()).isEqualTo(Status.DOWN);
	}

	private Health health(Duration downAfter, Duration timeInLevel) {
		Clock clock = Clock.fixed(this.monitor.levelSince().plus(timeInLevel), ZoneOffset.UTC);
		return new MemoryHealthIndicator(this.monitor, downAfter, clock).health();
	}

}
