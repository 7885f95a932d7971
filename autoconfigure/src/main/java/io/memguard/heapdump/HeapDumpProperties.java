package io.memguard.heapdump;

import java.nio.file.Path;
import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of heap dumps on trouble. Validated by the binder.
 */
@ConfigurationProperties("memguard.heap-dump")
public class HeapDumpProperties implements Validator {

	/**
	 * Whether to write a heap dump of live objects when the level turns CRITICAL or an
	 * OutOfMemoryError is reported. A dump pauses the JVM while it is written and needs
	 * disk space the size of the heap.
	 */
	private boolean enabled;

	/**
	 * Directory heap dumps are written to, created if missing. Not a tmpfs: a dump there
	 * would take memory.
	 */
	private Path directory = Path.of("heap-dumps");

	/**
	 * Least time between two heap dumps.
	 */
	private Duration minInterval = Duration.ofHours(1);

	/**
	 * How many heap dumps to keep; older ones are deleted.
	 */
	private int keep = 2;

	/**
	 * Usable disk space required beyond the maximum heap size before a dump is written.
	 */
	private DataSize diskMargin = DataSize.ofMegabytes(512);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public Duration getMinInterval() {
		return this.minInterval;
	}

	public void setMinInterval(Duration minInterval) {
		this.minInterval = minInterval;
	}

	public int getKeep() {
		return this.keep;
	}

	public void setKeep(int keep) {
		this.keep = keep;
	}

	public DataSize getDiskMargin() {
		return this.diskMargin;
	}

	public void setDiskMargin(DataSize diskMargin) {
		this.diskMargin = diskMargin;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == HeapDumpProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks.rejectUnless(errors, "directory", this.directory != null, "set");
		PropertyChecks.rejectIfNegative(errors, "minInterval", this.minInterval);
		PropertyChecks.rejectUnless(errors, "keep", this.keep >= 1, "at least 1");
		PropertyChecks.rejectIfNegative(errors, "diskMargin", this.diskMargin);
	}

}
