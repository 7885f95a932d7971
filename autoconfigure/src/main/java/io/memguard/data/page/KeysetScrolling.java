package io.memguard.data.page;

import jakarta.persistence.criteria.Path;

import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/**
 * Keyset scrolling whose cost does not grow with depth. Spring Data writes the seek
 * predicate of a sort on {@code (a, id)} as {@code a > ? or (a = ? and id > ?)}, which
 * PostgreSQL cannot turn into an index range: it walks the index from the start, so a
 * deep page costs as much as an offset. Adding the redundant bound {@code a >= ?}
 * ({@link #seekBound}) lets the index scan start at the cursor.
 *
 * <pre class="code">
 * // BookingRepository extends JpaRepository&lt;Booking, Long&gt;, JpaSpecificationExecutor&lt;Booking&gt;
 * return query.toResponse(KeysetScrolling.scroll(this.bookings, query).map(BookingView::of));
 * </pre>
 */
public final class KeysetScrolling {

	private KeysetScrolling() {
	}

	/**
	 * The window of a keyset page request.
	 * @param <T> the entity type
	 * @param repository the repository
	 * @param query the page request
	 * @return the window, for {@link CursorQuery#toResponse(Window)}
	 */
	public static <T> Window<T> scroll(JpaSpecificationExecutor<T> repository, CursorQuery query) {
		return scroll(repository, Specification.unrestricted(), query);
	}

	/**
	 * The window of a keyset page request over filtered rows.
	 * @param <T> the entity type
	 * @param repository the repository
	 * @param filter restricts the rows
	 * @param query the page request
	 * @return the window, for {@link CursorQuery#toResponse(Window)}
	 */
	public static <T> Window<T> scroll(JpaSpecificationExecutor<T> repository, Specification<T> filter,
			CursorQuery query) {
		return repository.findBy(filter.and(seekBound(query)),
				(fluent) -> fluent.sortBy(query.sort()).limit(query.pageSize()).scroll(query.position()));
	}

	/**
	 * The index-friendly bound on the first sort property: {@code >=} its cursor value
	 * when the scan runs ascending, {@code <=} when it runs descending; no restriction on
	 * the first page. It first checks the cursor's keys against the entity: a key missing
	 * or of the wrong type is an {@link InvalidPageRequestException} (a {@code 400}), not
	 * a failing query.
	 * @param <T> the entity type
	 * @param query the page request
	 * @return the bound
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T> Specification<T> seekBound(CursorQuery query) {
		return (root, criteriaQuery, builder) -> {
			KeysetKeys.check(root.getModel(), query.sort(), query.position());
			Sort.Order first = query.sort().stream().findFirst().orElse(null);
			Object key = (first != null) ? query.keys().get(first.getProperty()) : null;
			if (!(key instanceof Comparable comparable)) {
				return null;
			}
			Path path = root;
			for (String segment : first.getProperty().split("\\.")) {
				path = path.get(segment);
			}
			boolean ascending = first.isAscending() != query.isBackward();
			return ascending ? builder.greaterThanOrEqualTo(path, comparable)
					: builder.lessThanOrEqualTo(path, comparable);
		};
	}

}
