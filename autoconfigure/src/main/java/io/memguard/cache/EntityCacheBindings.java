package io.memguard.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.DataBindingPropertyAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.util.ClassUtils;

/**
 * Which caches the changes of which entity types invalidate, from the
 * {@code invalidate-on} and {@code key} settings. An entity type binds its own caches and
 * those of its supertypes.
 */
class EntityCacheBindings {

	private static final Log logger = LogFactory.getLog(EntityCacheBindings.class);

	private final List<Binding> bindings;

	private final Map<Class<?>, List<Binding>> byEntityType = new ConcurrentHashMap<>();

	/**
	 * Resolves the bindings of the given cache settings.
	 * @param specs the effective settings of every configured cache
	 * @param classLoader the class loader of the entity types
	 * @throws IllegalArgumentException if an entity type or a key expression is invalid
	 */
	EntityCacheBindings(Collection<CacheSpec> specs, ClassLoader classLoader) {
		SpelExpressionParser parser = new SpelExpressionParser();
		List<Binding> bindings = new ArrayList<>();
		for (CacheSpec spec : specs) {
			Expression key = (spec.key() != null) ? parseKey(parser, spec) : null;
			for (String typeName : spec.invalidateOn()) {
				bindings.add(new Binding(spec.name(), resolve(spec.name(), typeName, classLoader), key));
			}
		}
		this.bindings = List.copyOf(bindings);
	}

	private static Expression parseKey(SpelExpressionParser parser, CacheSpec spec) {
		try {
			return parser.parseExpression(spec.key());
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Cache '" + spec.name() + "' has a key expression that does not parse: '"
					+ spec.key() + "' (" + ex.getMessage() + ")", ex);
		}
	}

	private static Class<?> resolve(String cacheName, String typeName, ClassLoader classLoader) {
		try {
			return ClassUtils.forName(typeName, classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalArgumentException("Cache '" + cacheName + "' is invalidated on entity type '" + typeName
					+ "' that is not on the class path", ex);
		}
	}

	/**
	 * Whether changes of this entity type invalidate any cache.
	 * @param entityType the entity type
	 * @return {@code true} if at least one cache is bound to it
	 */
	public boolean isBound(Class<?> entityType) {
		return !bindingsOf(entityType).isEmpty();
	}

	/**
	 * The names of the caches the entity type invalidates.
	 * @param entityType the entity type
	 * @return the cache names
	 */
	public Set<String> cacheNames(Class<?> entityType) {
		Set<String> names = new LinkedHashSet<>();
		bindingsOf(entityType).forEach((binding) -> names.add(binding.cacheName()));
		return names;
	}

	/**
	 * The invalidations caused by a change of one entity. Caches with a key expression
	 * evict the keys computed from each given state (for an update, the old and the new
	 * one); the others are cleared.
	 * @param entityType the entity type
	 * @param states the entity's property values, by property name (the identifier under
	 * its property name too); a {@code null} element stands for a state that is not
	 * known, which clears the keyed caches too
	 * @return the invalidations
	 */
	public List<CacheInvalidation> invalidationsFor(Class<?> entityType, List<Map<String, Object>> states) {
		List<CacheInvalidation> invalidations = new ArrayList<>();
		for (Binding binding : bindingsOf(entityType)) {
			List<Object> keys = (binding.key() != null) ? keys(binding, states) : List.of();
			invalidations.add(keys.isEmpty() ? CacheInvalidation.clear(binding.cacheName())
					: CacheInvalidation.evict(binding.cacheName(), keys));
		}
		return invalidations;
	}

	/**
	 * The invalidations caused by a change that cannot tell which entities changed (a
	 * bulk update or delete): every bound cache is cleared.
	 * @param entityType the entity type
	 * @return the invalidations
	 */
	public List<CacheInvalidation> invalidationsFor(Class<?> entityType) {
		return cacheNames(entityType).stream().map(CacheInvalidation::clear).toList();
	}

	private List<Object> keys(Binding binding, List<Map<String, Object>> states) {
		Set<Object> keys = new LinkedHashSet<>();
		for (Map<String, Object> state : states) {
			if (state == null) {
				return List.of();
			}
			try {
				SimpleEvaluationContext context = SimpleEvaluationContext
					.forPropertyAccessors(new MapAccessor(), DataBindingPropertyAccessor.forReadOnlyAccess())
					.build();
				keys.add(binding.key().getValue(context, state));
			}
			catch (RuntimeException ex) {
				logger.debug("Could not compute the key of cache '" + binding.cacheName() + "', clearing it", ex);
				return List.of();
			}
		}
		keys.remove(null);
		return new ArrayList<>(keys);
	}

	private List<Binding> bindingsOf(Class<?> entityType) {
		return this.byEntityType.computeIfAbsent(entityType,
				(type) -> this.bindings.stream()
					.filter((binding) -> binding.entityType().isAssignableFrom(type))
					.toList());
	}

	/**
	 * The entity types that invalidate a cache.
	 * @param cacheName the cache
	 * @return the entity type names
	 */
	public List<String> entityTypes(String cacheName) {
		return this.bindings.stream()
			.filter((binding) -> Objects.equals(binding.cacheName(), cacheName))
			.map((binding) -> binding.entityType().getName())
			.toList();
	}

	private record Binding(String cacheName, Class<?> entityType, Expression key) {
	}

}
