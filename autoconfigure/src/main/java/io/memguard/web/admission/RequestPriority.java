package io.memguard.web.admission;

import java.util.Locale;

/**
 * How much a request matters when memory is short. Waiting requests are admitted highest
 * priority first, and shedding takes the lowest first: {@link #LOW} requests are shed at
 * WARNING and may fill only a share of the admission budget, so a burst of them cannot
 * crowd out the rest.
 */
public enum RequestPriority {

	/**
	 * User-facing work that must go through: admitted first, never limited to a share.
	 */
	CRITICAL,

	/** Everything not marked otherwise. */
	NORMAL,

	/** Work that can be retried or dropped: prefetches, reports, batch callers. */
	LOW;

	/**
	 * The priority a header value names: {@code critical}, {@code normal} or {@code low},
	 * in any case.
	 * @param value the header value, or {@code null}
	 * @return the priority, or {@code null} when the value names none
	 */
	public static RequestPriority fromHeader(String value) {
		if (value == null) {
			return null;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "critical" -> CRITICAL;
			case "normal" -> NORMAL;
			case "low" -> LOW;
			default -> null;
		};
	}

}
