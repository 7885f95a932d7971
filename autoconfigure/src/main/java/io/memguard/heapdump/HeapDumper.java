package io.memguard.heapdump;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.memory.MemoryPressureChange;
import io.memguard.memory.MemoryPressureLevel;
import io.memguard.memory.MemoryPressureListener;
import io.memguard.memory.MemorySnapshot;

/**
 * Writes one heap dump when the level turns {@code CRITICAL} or an
 * {@link OutOfMemoryError} is reported: at most one per interval, on a thread of its own
 * ({@code memguard-heap-dump}), only when the directory's disk has more room than the
 * heap's maximum plus a margin, and never into a file system held in memory (tmpfs),
 * where the dump would take the very memory that ran short. Keeps the newest dumps and
 * deletes older ones.
 */
class HeapDumper implements MemoryPressureListener {

	private static final Log logger = LogFactory.getLog(HeapDumper.class);

	static final String PREFIX = "memguard-heap-";

	static final String SUFFIX = ".hprof";

	private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
		.withZone(ZoneOffset.UTC);

	private final Path directory;

	private final Duration minInterval;

	private final int keep;

	private final long requiredSpace;

	private final HeapDumpWriter writer;

	private final Clock clock;

	private final AtomicLong lastRequestMillis = new AtomicLong(Long.MIN_VALUE);

	private final AtomicBoolean dumping = new AtomicBoolean();

	private volatile Attempt lastAttempt;

	/**
	 * Creates the dumper.
	 * @param directory where dumps go, created if missing
	 * @param minInterval least time between two dumps
	 * @param keep how many dumps to keep
	 * @param requiredSpace usable bytes the directory's disk must have beyond what a dump
	 * could take: the heap's maximum plus a margin
	 * @param writer writes a dump
	 * @param clock the clock of the interval and of file names
	 */
	public HeapDumper(Path directory, Duration minInterval, int keep, long requiredSpace, HeapDumpWriter writer,
			Clock clock) {
		this.directory = directory;
		this.minInterval = minInterval;
		this.keep = keep;
		this.requiredSpace = requiredSpace;
		this.writer = writer;
		this.clock = clock;
	}

	@Override
	public void onMemoryPressureChange(MemoryPressureChange change) {
		if (change.current() == MemoryPressureLevel.CRITICAL && change.isEscalation()) {
			request("critical");
		}
	}

	@Override
	public void onOutOfMemoryReported(MemorySnapshot snapshot) {
		request("out-of-memory");
	}

	/**
	 * Starts a dump on its own thread, unless one was requested less than the interval
	 * ago or one is being written.
	 * @param trigger what asked for it, part of the file name
	 * @return whether a dump was started
	 */
	public boolean request(String trigger) {
		long now = this.clock.millis();
		long last = this.lastRequestMillis.get();
		if ((last != Long.MIN_VALUE && now - last < this.minInterval.toMillis()) || this.dumping.get()
				|| !this.lastRequestMillis.compareAndSet(last, now)) {
			return false;
		}
		this.dumping.set(true);
		try {
			Thread thread = new Thread(() -> dump(trigger), "memguard-heap-dump");
			thread.setDaemon(true);
			thread.start();
			return true;
		}
		catch (OutOfMemoryError ex) {
			// No memory for a thread: no dump this time
			this.dumping.set(false);
			this.lastAttempt = new Attempt(trigger, "failed", Instant.ofEpochMilli(now), "no thread could be started");
			return false;
		}
	}

	/**
	 * Writes a dump now, on the calling thread, if the disk has room.
	 * @param trigger what asked for it, part of the file name
	 */
	void dump(String trigger) {
		Instant at = this.clock.instant();
		try {
			String refusal = refusal();
			if (refusal != null) {
				this.lastAttempt = new Attempt(trigger, "skipped", at, refusal);
				logger.warn("Heap dump (" + trigger + ") skipped: " + refusal);
				return;
			}
			Path file = this.directory.resolve(PREFIX + TIMESTAMP.format(at) + "-" + trigger + SUFFIX);
			long start = System.nanoTime();
			this.writer.write(file);
			long millis = (System.nanoTime() - start) / 1_000_000;
			String written = String.format("%s (%d MB, written in %d ms)", file.toAbsolutePath(),
					Files.size(file) >> 20, millis);
			this.lastAttempt = new Attempt(trigger, "written", at, written);
			logger.warn("Heap dump (" + trigger + ") written to " + written);
			deleteOldDumps();
		}
		catch (IOException | RuntimeException ex) {
			this.lastAttempt = new Attempt(trigger, "failed", at, ex.getClass().getName());
			logger.warn("Heap dump (" + trigger + ") into " + this.directory.toAbsolutePath() + " failed", ex);
		}
		finally {
			this.dumping.set(false);
		}
	}

	private String refusal() throws IOException {
		Files.createDirectories(this.directory);
		FileStore store = Files.getFileStore(this.directory);
		if (MEMORY_FILE_SYSTEMS.contains(store.type())) {
			return this.directory.toAbsolutePath() + " is on " + store.type()
					+ ", held in memory: a dump there would take the memory that ran short";
		}
		long usable = store.getUsableSpace();
		if (usable <= this.requiredSpace) {
			return String.format(
					"%d MB usable on the disk of %s, a dump needs more than %d MB (maximum heap and margin)",
					usable >> 20, this.directory.toAbsolutePath(), this.requiredSpace >> 20);
		}
		return null;
	}

	private void deleteOldDumps() throws IOException {
		List<Path> dumps = files();
		for (Path old : dumps.subList(Math.min(this.keep, dumps.size()), dumps.size())) {
			Files.deleteIfExists(old);
		}
	}

	/**
	 * The dumps in the directory, newest first.
	 * @return the dumps
	 */
	public List<HeapDump> dumps() {
		List<HeapDump> dumps = new ArrayList<>();
		try {
			for (Path file : files()) {
				dumps.add(new HeapDump(file, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
			}
		}
		catch (IOException ex) {
			// Deleted or unreadable meanwhile: list what could be read
		}
		return dumps;
	}

	private List<Path> files() throws IOException {
		List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(this.directory)) {
			return files;
		}
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, PREFIX + "*" + SUFFIX)) {
			stream.forEach(files::add);
		}
		// the time stamp in the name sorts them
		files.sort(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed());
		return files;
	}

	/**
	 * The last dump started or skipped.
	 * @return the attempt, or {@code null} when none was made
	 */
	public Attempt lastAttempt() {
		return this.lastAttempt;
	}

	/**
	 * The directory dumps go to.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * A heap dump on disk.
	 *
	 * @param file the file
	 * @param bytes its size
	 * @param at when it was written
	 */
	public record HeapDump(Path file, long bytes, Instant at) {
	}

	/**
	 * The outcome of one dump request.
	 *
	 * @param trigger what asked for the dump
	 * @param outcome {@code written}, {@code skipped} or {@code failed}
	 * @param at when
	 * @param detail the file and its size, or why there is none
	 */
	public record Attempt(String trigger, String outcome, Instant at, String detail) {
	}

}
