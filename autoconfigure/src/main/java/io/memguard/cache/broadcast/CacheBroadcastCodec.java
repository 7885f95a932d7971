package io.memguard.cache.broadcast;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.memguard.cache.CacheInvalidation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes invalidations as small JSON messages,
 * {@code {"origin":"...","cache":"words","op":"EVICT","keys":["L:42","S:en"]}}, never
 * values. Keys keep their type: {@link String}, {@link Long}, {@link Integer} and
 * {@link UUID} keys travel as such; any other key type, or keys that would not fit the
 * transport's payload limit, turn the message into a clear of the whole cache.
 */
class CacheBroadcastCodec {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final int maxPayloadBytes;

	/**
	 * Creates a codec.
	 * @param maxPayloadBytes the largest payload the transport carries, in UTF-8 bytes
	 */
	CacheBroadcastCodec(int maxPayloadBytes) {
		this.maxPayloadBytes = maxPayloadBytes;
	}

	/**
	 * Encodes an invalidation, degrading it to a clear of the cache when its keys cannot
	 * be carried.
	 * @param origin the sending instance
	 * @param invalidation the invalidation
	 * @return the payload, or {@code null} if even a clear does not fit (an absurdly long
	 * cache name)
	 */
	public Encoded encode(String origin, CacheInvalidation invalidation) {
		if (!invalidation.isClear()) {
			List<String> keys = new ArrayList<>(invalidation.keys().size());
			for (Object key : invalidation.keys()) {
				String encoded = encodeKey(key);
				if (encoded == null) {
					keys = null;
					break;
				}
				keys.add(encoded);
			}
			if (keys != null) {
				String payload = write(origin, invalidation.cacheName(), keys);
				if (fits(payload)) {
					return new Encoded(payload, false);
				}
			}
		}
		String clear = write(origin, invalidation.cacheName(), List.of());
		return fits(clear) ? new Encoded(clear, !invalidation.isClear()) : null;
	}

	/**
	 * Decodes a payload.
	 * @param payload the payload
	 * @return the message
	 * @throws IllegalArgumentException if the payload is not a valid message
	 */
	public Message decode(String payload) {
		if (payload == null || payload.getBytes(StandardCharsets.UTF_8).length > this.maxPayloadBytes) {
			throw new IllegalArgumentException("missing or oversized payload");
		}
		JsonNode node;
		try {
			node = mapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("not a JSON object");
		}
		String origin = text(node, "origin");
		String cache = text(node, "cache");
		String op = text(node, "op");
		if ("CLEAR".equals(op)) {
			return new Message(origin, CacheInvalidation.clear(cache));
		}
		if (!"EVICT".equals(op) || !(node.get("keys") instanceof ArrayNode keys) || keys.isEmpty()) {
			throw new IllegalArgumentException("op must be CLEAR, or EVICT with keys");
		}
		List<Object> decoded = new ArrayList<>(keys.size());
		for (JsonNode key : keys) {
			if (!key.isString()) {
				throw new IllegalArgumentException("keys must be strings");
			}
			decoded.add(decodeKey(key.asString()));
		}
		return new Message(origin, CacheInvalidation.evict(cache, decoded));
	}

	private String write(String origin, String cache, List<String> keys) {
		ObjectNode node = mapper.createObjectNode();
		node.put("origin", origin);
		node.put("cache", cache);
		node.put("op", keys.isEmpty() ? "CLEAR" : "EVICT");
		if (!keys.isEmpty()) {
			ArrayNode array = node.putArray("keys");
			keys.forEach(array::add);
		}
		return mapper.writeValueAsString(node);
	}

	private boolean fits(String payload) {
		return payload.getBytes(StandardCharsets.UTF_8).length <= this.maxPayloadBytes;
	}

	private static String encodeKey(Object key) {
		if (key instanceof String string) {
			return "S:" + string;
		}
		if (key instanceof Long number) {
			return "L:" + number;
		}
		if (key instanceof Integer number) {
			return "I:" + number;
		}
		if (key instanceof UUID uuid) {
			return "U:" + uuid;
		}
		return null;
	}

	private static Object decodeKey(String key) {
		if (key.length() < 2 || key.charAt(1) != ':') {
			throw new IllegalArgumentException("key without a type: " + key);
		}
		String value = key.substring(2);
		try {
			return switch (key.charAt(0)) {
				case 'S' -> value;
				case 'L' -> Long.valueOf(value);
				case 'I' -> Integer.valueOf(value);
				case 'U' -> UUID.fromString(value);
				default -> throw new IllegalArgumentException("unknown key type: " + key);
			};
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("bad key: " + key);
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString() || value.asString().isEmpty()) {
			throw new IllegalArgumentException("missing " + field);
		}
		return value.asString();
	}

	/**
	 * An encoded invalidation.
	 *
	 * @param payload the payload
	 * @param degradedToClear whether keys were replaced by a clear of the whole cache
	 */
	public record Encoded(String payload, boolean degradedToClear) {
	}

	/**
	 * A decoded message.
	 *
	 * @param origin the sending instance
	 * @param invalidation the invalidation
	 */
	public record Message(String origin, CacheInvalidation invalidation) {
	}

}
