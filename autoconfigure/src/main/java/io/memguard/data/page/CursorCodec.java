package io.memguard.data.page;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.ScrollPosition.Direction;

/**
 * Turns keyset positions into opaque, signed cursors and back. A cursor carries the key
 * values and direction, and an HMAC-SHA256 over them and a scope (the endpoint and its
 * sort), so a tampered, truncated or foreign cursor is refused.
 */
public final class CursorCodec {

	/** Shortest accepted secret, in characters. */
	public static final int MIN_SECRET_LENGTH = 32;

	private static final int MAX_CURSOR_LENGTH = 2048;

	private static final int MAC_LENGTH = 16;

	private static final byte VERSION = 1;

	private static final List<KeyType> KEY_TYPES = List.of(new KeyType(String.class, (text) -> text),
			new KeyType(Long.class, Long::valueOf), new KeyType(Integer.class, Integer::valueOf),
			new KeyType(Short.class, Short::valueOf), new KeyType(BigDecimal.class, BigDecimal::new),
			new KeyType(BigInteger.class, BigInteger::new), new KeyType(Boolean.class, Boolean::valueOf),
			new KeyType(UUID.class, UUID::fromString), new KeyType(Instant.class, Instant::parse),
			new KeyType(LocalDate.class, LocalDate::parse), new KeyType(LocalDateTime.class, LocalDateTime::parse),
			new KeyType(OffsetDateTime.class, OffsetDateTime::parse), new KeyType(Double.class, Double::valueOf));

	private final byte[] secret;

	private final boolean randomSecret;

	private CursorCodec(byte[] secret, boolean randomSecret) {
		this.secret = secret;
		this.randomSecret = randomSecret;
	}

	/**
	 * A codec signing with the given secret.
	 * @param secret the secret, at least {@value #MIN_SECRET_LENGTH} characters
	 * @return the codec
	 */
	public static CursorCodec withSecret(String secret) {
		if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
			throw new IllegalArgumentException("Cursor secret must have at least " + MIN_SECRET_LENGTH + " characters");
		}
		return new CursorCodec(secret.getBytes(StandardCharsets.UTF_8), false);
	}

	/**
	 * A codec signing with a random secret; its cursors are valid only in this JVM.
	 * @return the codec
	 */
	public static CursorCodec withRandomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return new CursorCodec(secret, true);
	}

	public boolean signsWithRandomSecret() {
		return this.randomSecret;
	}

	/**
	 * Encodes a keyset position.
	 * @param position the position, not initial
	 * @param scope what the cursor is valid for (endpoint and sort)
	 * @return the cursor, URL-safe Base64
	 */
	public String encode(KeysetScrollPosition position, String scope) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(position.scrollsForward() ? 0 : 1);
			out.writeByte(position.getKeys().size());
			for (Map.Entry<String, Object> key : position.getKeys().entrySet()) {
				out.writeUTF(key.getKey());
				out.writeByte(typeIndex(key.getKey(), key.getValue()));
				out.writeUTF(key.getValue().toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] payload = bytes.toByteArray();
		byte[] cursor = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
		System.arraycopy(mac(payload, scope), 0, cursor, payload.length, MAC_LENGTH);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor);
	}

	/**
	 * Decodes and verifies a cursor.
	 * @param cursor the cursor from the request
	 * @param scope the scope it must have been issued for
	 * @return the keyset position
	 * @throws InvalidPageRequestException if the cursor is malformed, tampered with or
	 * foreign
	 */
	public KeysetScrollPosition decode(String cursor, String scope) {
		byte[] bytes = (cursor.length() <= MAX_CURSOR_LENGTH) ? base64(cursor) : null;
		if (bytes == null || bytes.length <= MAC_LENGTH) {
			throw invalidCursor();
		}
		byte[] payload = Arrays.copyOf(bytes, bytes.length - MAC_LENGTH);
		byte[] mac = Arrays.copyOfRange(bytes, payload.length, bytes.length);
		if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(payload, scope), MAC_LENGTH))) {
			throw invalidCursor();
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
			if (in.readByte() != VERSION) {
				throw invalidCursor();
			}
			Direction direction = (in.readByte() == 0) ? Direction.FORWARD : Direction.BACKWARD;
			int count = in.readUnsignedByte();
			Map<String, Object> keys = new LinkedHashMap<>();
			for (int i = 0; i < count; i++) {
				String name = in.readUTF();
				KeyType type = KEY_TYPES.get(in.readUnsignedByte());
				keys.put(name, type.parser().apply(in.readUTF()));
			}
			return ScrollPosition.of(keys, direction);
		}
		catch (IOException | RuntimeException ex) {
			throw invalidCursor();
		}
	}

	private static byte[] base64(String cursor) {
		try {
			return Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private byte[] mac(byte[] payload, String scope) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			mac.update(scope.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return mac.doFinal(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static int typeIndex(String name, Object value) {
		if (value == null) {
			throw new IllegalStateException("Keyset key '" + name
					+ "' is null; keyset pagination needs non-null keys (sort by non-null columns and the id)");
		}
		for (int i = 0; i < KEY_TYPES.size(); i++) {
			if (KEY_TYPES.get(i).type() == value.getClass()) {
				return i;
			}
		}
		throw new IllegalStateException("Keyset key '" + name + "' has type " + value.getClass().getName()
				+ ", which cursors do not support; sort by strings, numbers, booleans, UUIDs or date-times");
	}

	/**
	 * The answer to a cursor that cannot be used: the same whatever is wrong with it, so
	 * that it tells a forger nothing.
	 * @return the exception
	 */
	static InvalidPageRequestException invalidCursor() {
		return new InvalidPageRequestException("cursor",
				"cursor is not valid for this endpoint and sort (tampered, truncated or issued elsewhere); "
						+ "start again without a cursor");
	}

	private record KeyType(Class<?> type, Function<String, Object> parser) {

	}

}
