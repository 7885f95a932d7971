package io.memguard.data.page;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Per-endpoint rules for a {@link PageQuery} or {@link CursorQuery} parameter. Put it on
 * the parameter or on the handler method; the parameter wins.
 *
 * <pre class="code">
 * &#64;GetMapping("/api/bookings")
 * PageResponse&lt;Booking&gt; list(&#64;PageParams(sortable = { "createdAt", "id" }, maxSize = 200) PageQuery page) {
 *     return PageResponse.of(this.repository.findAll(page.toPageable()));
 * }
 * </pre>
 */
@Target({ ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PageParams {

	/**
	 * Properties a client may sort by, exactly as named in the {@code sort} parameter. A
	 * request that sorts by anything else is rejected with 400.
	 * @return the sortable properties, none by default
	 */
	String[] sortable() default {};

	/**
	 * Sort applied when the request has no {@code sort} parameter, each entry
	 * {@code property} or {@code property,asc|desc}.
	 * @return the default sort
	 */
	String[] defaultSort() default {};

	/**
	 * Page size when the request has none; 0 uses
	 * {@code memguard.data.page.default-size}.
	 * @return the default page size
	 */
	int defaultSize() default 0;

	/**
	 * Largest page size; 0 uses {@code memguard.data.page.max-size}.
	 * @return the maximum page size
	 */
	int maxSize() default 0;

	/**
	 * The entity whose table is sorted, for the startup check that an index leads with
	 * the sorted columns. Needed only when more than one entity has all the sortable
	 * properties; by default the one entity that has them is found.
	 * @return the entity class, {@code void.class} to find it
	 */
	Class<?> entity() default void.class;

}
