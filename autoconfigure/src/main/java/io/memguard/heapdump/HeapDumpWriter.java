package io.memguard.heapdump;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Writes a heap dump to a file.
 */
@FunctionalInterface
public interface HeapDumpWriter {

	/**
	 * Writes a heap dump.
	 * @param file the file to create, which must not exist yet and ends with
	 * {@code .hprof}
	 * @throws IOException if the dump could not be written
	 */
	void write(Path file) throws IOException;

	/**
	 * The JVM's own heap dump of live objects
	 * ({@link HotSpotDiagnosticMXBean#dumpHeap(String, boolean)}): it runs a full
	 * collection first and pauses the JVM while it writes.
	 * @return the writer
	 */
	static HeapDumpWriter liveObjects() {
		return (file) -> ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
			.dumpHeap(file.toAbsolutePath().toString(), true);
	}

}
