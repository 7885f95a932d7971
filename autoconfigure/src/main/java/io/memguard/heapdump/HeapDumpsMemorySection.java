package io.memguard.heapdump;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.actuate.DetailedMemoryEndpointContributor;

/**
 * The {@code heapDumps} section of {@code /actuator/memory}: the dumps on disk (file
 * name, size, time) and the last attempt, with, as details, the directory and the full
 * paths.
 */
class HeapDumpsMemorySection implements DetailedMemoryEndpointContributor {

	private final HeapDumper dumper;

	HeapDumpsMemorySection(HeapDumper dumper) {
		this.dumper = dumper;
	}

	@Override
	public String sectionName() {
		return "heapDumps";
	}

	@Override
	public Object section(boolean showDetails) {
		Map<String, Object> section = new LinkedHashMap<>();
		if (showDetails) {
			section.put("directory", this.dumper.directory().toAbsolutePath().toString());
		}
		List<Map<String, Object>> dumps = this.dumper.dumps().stream().map((dump) -> {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("file",
					(showDetails ? dump.file().toAbsolutePath() : dump.file().getFileName()).toString());
			description.put("bytes", dump.bytes());
			description.put("at", dump.at().toString());
			return description;
		}).toList();
		section.put("dumps", dumps);
		HeapDumper.Attempt last = this.dumper.lastAttempt();
		if (last != null) {
			Map<String, Object> attempt = new LinkedHashMap<>();
			attempt.put("trigger", last.trigger());
			attempt.put("outcome", last.outcome());
			attempt.put("at", last.at().toString());
			if (showDetails) {
				attempt.put("detail", last.detail());
			}
			section.put("lastAttempt", attempt);
		}
		return section;
	}

}
