package io.memguard.data.page;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CursorCodecTests {

	private final CursorCodec codec = CursorCodec.withSecret("0123456789abcdef0123456789abcdef");

	@Test
	void roundTripsKeysOfEverySupportedTypeWithTheirDirection() {
		Map<String, Object> keys = new LinkedHashMap<>();
		keys.put("name", "ünïcode, \"quoted\"");
		keys.put("id", 42L);
		keys.put("rank", 7);
		keys.put("amount", new BigDecimal("12.50"));
		keys.put("uuid", UUID.randomUUID());
		keys.put("at", Instant.parse("2026-01-01T10:15:30.123456Z"));
		keys.put("day", LocalDate.of(2026, 1, 2));
		keys.put("local", LocalDateTime.of(2026, 1, 2, 3, 4, 5));
		keys.put("offset", OffsetDateTime.parse("2026-01-02T03:04:05+02:00"));
		keys.put("active", true);
		KeysetScrollPosition backward = ScrollPosition.backward(keys);
		KeysetScrollPosition decoded = this.codec.decode(this.codec.encode(backward, "scope"), "scope");
		assertThat(decoded.getKeys()).containsExactlyEntriesOf(keys);
		assertThat(decoded.scrollsBackward()).isTrue();
	}

	@Test
	void refusesACursorFromAnotherScopeOrSecret() {
		String cursor = this.codec.encode(ScrollPosition.forward(Map.of("id", 1L)), "scope");
		assertThatExceptionOfType(InvalidPageRequestException.class)
			.isThrownBy(() -> this.codec.decode(cursor, "other-scope"));
		assertThatExceptionOfType(InvalidPageRequestException.class)
			.isThrownBy(() -> CursorCodec.withRandomSecret().decode(cursor, "scope"));
	}

	@Test
	void refusesNullAndUnsupportedKeys() {
		Map<String, Object> nullKey = new LinkedHashMap<>();
		nullKey.put("id", null);
		assertThatIllegalStateException().isThrownBy(() -> this.codec.encode(ScrollPosition.forward(nullKey), "scope"))
			.withMessageContaining("needs non-null keys");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.codec.encode(ScrollPosition.forward(Map.of("state", Thread.State.NEW)), "scope"))
			.withMessageContaining("which cursors do not support");
	}

}
