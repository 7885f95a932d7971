package io.memguard.data.page;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup with {@code memguard.data.index-check=fail} when an endpoint sorts by
 * columns no index leads with.
 */
class MissingSortIndexException extends RuntimeException {

	private final List<MissingIndex> missingIndexes;

	MissingSortIndexException(List<MissingIndex> missingIndexes) {
		super(missingIndexes.size() + " index(es) missing behind sorted columns:\n"
				+ missingIndexes.stream().map(MissingIndex::describe).collect(Collectors.joining("\n")));
		this.missingIndexes = List.copyOf(missingIndexes);
	}

	/**
	 * The missing indexes.
	 * @return the indexes, each with its statement
	 */
	public List<MissingIndex> getMissingIndexes() {
		return this.missingIndexes;
	}

}
