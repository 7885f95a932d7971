package io.memguard.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose successful return invalidates caches: after commit when it runs in
 * a transaction, at once otherwise, and on every instance when a broadcast transport is
 * configured. For writes Memguard cannot see by itself, such as JDBC statements.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InvalidatesCaches {

	/**
	 * Names of the caches to clear.
	 * @return the cache names
	 */
	String[] value() default {};

	/**
	 * Entity types whose bound caches (see {@code invalidate-on}) are cleared.
	 * @return the entity types
	 */
	Class<?>[] entities() default {};

}
