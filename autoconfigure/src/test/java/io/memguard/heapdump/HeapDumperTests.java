package io.memguard.heapdump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.memguard.memory.MemoryPressureChange;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemorySnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeapDumperTests {

	private static final MemorySnapshot SNAPSHOT = new MemorySnapshot(MemoryPressureLevel.CRITICAL, 95, 100, -1, -1, 0);

	// Under target/, never on a tmpfs, which the dumper refuses
	private final Path directory = Path.of("target", "heap-dumper-tests");

	private final SettableClock clock = new SettableClock();

	private final HeapDumpWriter smallFile = (file) -> Files.writeString(file, "dump");

	@BeforeEach
	void emptyDirectory() throws IOException {
		if (Files.exists(this.directory)) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
	}

	@Test
	void writesAHeapDumpOfLiveObjectsThatHeapToolsRecognize() throws IOException {
		HeapDumper dumper = new HeapDumper(this.directory, Duration.ofHours(1), 2, 1, HeapDumpWriter.liveObjects(),
				this.clock);
		dumper.dump("critical");
		assertThat(dumper.lastAttempt().outcome()).as(dumper.lastAttempt().detail()).isEqualTo("written");
		List<HeapDumper.HeapDump> dumps = dumper.dumps();
		assertThat(dumps).singleElement().satisfies((dump) -> {
			assertThat(dump.file().getFileName().toString()).startsWith("memguard-heap-").endsWith("-critical.hprof");
			assertThat(dump.bytes()).isGreaterThan(1 << 20);
		});
		try (InputStream in = Files.newInputStream(dumps.get(0).file())) {
			assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
		}
	}

	@Test
	void dumpsAtMostOncePerInterval() {
		HeapDumper dumper = new HeapDumper(this.directory, Duration.ofMinutes(10), 5, 1, this.smallFile, this.clock);
		assertThat(dumper.request("critical")).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> dumper.dumps().size() == 1);
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(dumper.request("critical")).isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(dumper.request("out-of-memory")).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> dumper.dumps().size() == 2);
		assertThat(dumper.dumps().get(0).file().getFileName().toString()).endsWith("-out-of-memory.hprof");
	}

	@Test
	void keepsTheNewestDumpsOnly() {
		HeapDumper dumper = new HeapDumper(this.directory, Duration.ZERO, 2, 1, this.smallFile, this.clock);
		for (int i = 0; i < 4; i++) {
			dumper.dump("critical");
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(dumper.dumps()).extracting((dump) -> dump.file().getFileName().toString())
			.containsExactly("memguard-heap-20260102-030408-000-critical.hprof",
					"memguard-heap-20260102-030407-000-critical.hprof");
	}

	@Test
	void skipsTheDumpWhenTheDiskHasNoRoomForTheHeap() {
		HeapDumper dumper = new HeapDumper(this.directory, Duration.ZERO, 2, Long.MAX_VALUE, this.smallFile,
				this.clock);
		dumper.dump("critical");
		assertThat(dumper.dumps()).isEmpty();
		assertThat(dumper.lastAttempt().outcome()).isEqualTo("skipped");
		assertThat(dumper.lastAttempt().detail()).contains("MB usable on the disk of")
			.contains("a dump needs more than");
	}

	@Test
	void enteringCriticalOrAReportedOutOfMemoryErrorAsksForADump() {
		HeapDumper dumper = new HeapDumper(this.directory, Duration.ZERO, 5, 1, this.smallFile, this.clock);
		dumper.onMemoryPressureChange(
				new MemoryPressureChange(MemoryPressureLevel.NORMAL, MemoryPressureLevel.WARNING, SNAPSHOT));
		dumper.onMemoryPressureChange(
				new MemoryPressureChange(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.WARNING, SNAPSHOT));
		assertThat(dumper.lastAttempt()).isNull();
		dumper.onMemoryPressureChange(
				new MemoryPressureChange(MemoryPressureLevel.WARNING, MemoryPressureLevel.CRITICAL, SNAPSHOT));
		await().atMost(Duration.ofSeconds(10)).until(() -> dumper.dumps().size() == 1);
		this.clock.advance(Duration.ofSeconds(1));
		dumper.onOutOfMemoryReported(SNAPSHOT);
		await().atMost(Duration.ofSeconds(10)).until(() -> dumper.dumps().size() == 2);
	}

	@Test
	void theEndpointSectionShowsPathsOnlyAsDetails() {
		HeapDumper dumper = new HeapDumper(this.directory, Duration.ZERO, 5, 1, this.smallFile, this.clock);
		dumper.dump("critical");
		HeapDumpsMemorySection section = new HeapDumpsMemorySection(dumper);
		@SuppressWarnings("unchecked")
		Map<String, Object> plain = (Map<String, Object>) section.section(false);
		assertThat(plain).doesNotContainKey("directory");
		assertThat(plain.get("dumps").toString()).contains("file=memguard-heap-20260102-030405-000-critical.hprof")
			.contains("bytes=4")
			.doesNotContain(this.directory.toAbsolutePath().toString());
		assertThat(plain.get("lastAttempt").toString()).contains("outcome=written").doesNotContain("detail");
		@SuppressWarnings("unchecked")
		Map<String, Object> detailed = (Map<String, Object>) section.section(true);
		assertThat(detailed).containsEntry("directory", this.directory.toAbsolutePath().toString());
		assertThat(detailed.get("lastAttempt").toString()).contains("detail=");
	}

	static final class SettableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-02T03:04:05Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
