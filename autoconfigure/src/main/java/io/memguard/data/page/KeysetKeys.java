package io.memguard.data.page;

import java.util.Map;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.SingularAttribute;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.util.ClassUtils;

/**
 * Checks a cursor's keys against the entity before they reach a query. A cursor signed
 * with the right secret can still carry keys of the wrong type or miss some (it was
 * forged with a leaked secret, or issued by an older version of the endpoint); Spring
 * Data and Hibernate would fail on them with a server error.
 */
final class KeysetKeys {

	private KeysetKeys() {
	}

	/**
	 * Checks that a keyset position has a key of the attribute's type for every sort
	 * property and every id attribute, and no key that is not an attribute.
	 * @param entity the entity scrolled
	 * @param sort the sort of the query, or {@code null} when the query sorts itself
	 * @param position the position, initial on the first page
	 * @throws InvalidPageRequestException if it does not
	 */
	static void check(EntityType<?> entity, Sort sort, KeysetScrollPosition position) {
		Map<String, Object> keys = position.getKeys();
		if (keys.isEmpty()) {
			return;
		}
		keys.forEach((name, value) -> {
			Class<?> type = attributeType(entity, name);
			if (type == null || !ClassUtils.resolvePrimitiveIfNecessary(type).isInstance(value)) {
				throw CursorCodec.invalidCursor();
			}
		});
		if (sort != null && sort.stream().anyMatch((order) -> !keys.containsKey(order.getProperty()))) {
			throw CursorCodec.invalidCursor();
		}
		// Spring Data appends the id to every keyset sort
		for (SingularAttribute<?, ?> attribute : entity.getSingularAttributes()) {
			if (attribute.isId() && !keys.containsKey(attribute.getName())) {
				throw CursorCodec.invalidCursor();
			}
		}
	}

	private static Class<?> attributeType(ManagedType<?> type, String path) {
		ManagedType<?> current = type;
		Attribute<?, ?> attribute = null;
		for (String segment : path.split("\\.", -1)) {
			if (current == null) {
				return null;
			}
			try {
				attribute = current.getAttribute(segment);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			current = (attribute instanceof SingularAttribute<?, ?> singular
					&& singular.getType() instanceof ManagedType<?> managed) ? managed : null;
		}
		return (attribute instanceof SingularAttribute<?, ?>) ? attribute.getJavaType() : null;
	}

}
