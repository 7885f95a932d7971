package io.memguard.cache;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * The default {@link CacheWeigher}: a rough estimate of the retained bytes of an entry on
 * a 64-bit JVM with compressed pointers. Strings, arrays, collections, maps and boxed
 * values are measured (nested up to three levels deep); any other object counts as
 * {@value #OTHER_OBJECT_BYTES} bytes. Weights are estimates, so a weight bound is
 * approximate: define your own {@link CacheWeigher} bean when you know your values
 * better.
 */
class ApproximateCacheWeigher implements CacheWeigher {

	static final int OTHER_OBJECT_BYTES = 64;

	private static final int ENTRY_OVERHEAD_BYTES = 64;

	private static final int MAX_DEPTH = 3;

	@Override
	public int weigh(String cacheName, Object key, Object value) {
		long bytes = ENTRY_OVERHEAD_BYTES + estimate(key, 0) + estimate(value, 0);
		return (int) Math.min(Integer.MAX_VALUE, bytes);
	}

	private long estimate(Object object, int depth) {
		if (object == null) {
			return 0;
		}
		if (object instanceof CharSequence text) {
			return 40 + 2L * text.length();
		}
		if (object instanceof Number || object instanceof Boolean || object instanceof Character
				|| object instanceof Enum<?>) {
			return 16;
		}
		if (depth >= MAX_DEPTH) {
			return OTHER_OBJECT_BYTES;
		}
		if (object instanceof Collection<?> collection) {
			long bytes = 40 + 8L * collection.size();
			for (Object element : collection) {
				bytes += estimate(element, depth + 1);
			}
			return bytes;
		}
		if (object instanceof Map<?, ?> map) {
			long bytes = 48 + 40L * map.size();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				bytes += estimate(entry.getKey(), depth + 1) + estimate(entry.getValue(), depth + 1);
			}
			return bytes;
		}
		if (object.getClass().isArray()) {
			int length = Array.getLength(object);
			if (object.getClass().getComponentType().isPrimitive()) {
				return 16 + 8L * length;
			}
			long bytes = 16 + 4L * length;
			for (int i = 0; i < length; i++) {
				bytes += estimate(Array.get(object, i), depth + 1);
			}
			return bytes;
		}
		return OTHER_OBJECT_BYTES;
	}

}
