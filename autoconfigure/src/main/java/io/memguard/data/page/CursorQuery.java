package io.memguard.data.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.memguard.data.page.CursorPageResponse.CursorPagination;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * A validated keyset (seek) page request: the {@code cursor}, {@code page_size} and
 * {@code sort} parameters of a controller method. Hand {@link #position()},
 * {@link #sort()} and {@link #limit()} to a Spring Data scroll query and turn the
 * resulting {@link Window} into a response with {@link #toResponse(Window)}:
 *
 * <pre class="code">
 * &#64;GetMapping("/api/bookings/scroll")
 * CursorPageResponse&lt;Booking&gt; scroll(&#64;PageParams(sortable = "createdAt") CursorQuery query) {
 *     return query.toResponse(this.repository.findBy(query.position(), query.sort(), query.limit()));
 * }
 * </pre>
 *
 * For string {@code @Query} methods, which Spring Data cannot scroll, bind
 * {@link #keys()} to the query's seek predicate and use
 * {@link #toResponse(List, Function)}.
 */
public final class CursorQuery {

	private final int pageSize;

	private final Sort sort;

	private final KeysetScrollPosition position;

	private final CursorCodec codec;

	private final String scope;

	CursorQuery(int pageSize, Sort sort, KeysetScrollPosition position, CursorCodec codec, String scope) {
		this.pageSize = pageSize;
		this.sort = sort;
		this.position = position;
		this.codec = codec;
		this.scope = scope;
	}

	/**
	 * A page request made in code rather than resolved from a request, for services, jobs
	 * and tests.
	 * @param pageSize the page size
	 * @param sort the sort
	 * @param position where to scroll from
	 * @param codec signs the cursors of the response
	 * @param scope what the cursors are valid for
	 * @return the page request
	 */
	public static CursorQuery of(int pageSize, Sort sort, KeysetScrollPosition position, CursorCodec codec,
			String scope) {
		return new CursorQuery(pageSize, sort, position, codec, scope);
	}

	/**
	 * The requested page size.
	 * @return the page size
	 */
	public int pageSize() {
		return this.pageSize;
	}

	/**
	 * The limit to pass to a scroll query.
	 * @return the page size as a {@link Limit}
	 */
	public Limit limit() {
		return Limit.of(this.pageSize);
	}

	/**
	 * The requested sort, only on allowed properties. Spring Data appends the id to make
	 * the key set unique; a hand-written query must do the same.
	 * @return the sort
	 */
	public Sort sort() {
		return this.sort;
	}

	/**
	 * Where to scroll from: initial without a cursor, else the cursor's keys and
	 * direction.
	 * @return the keyset position
	 */
	public KeysetScrollPosition position() {
		return this.position;
	}

	/**
	 * The key values of the cursor, for a hand-written seek predicate; empty on the first
	 * page.
	 * @return the keys by property name
	 */
	public Map<String, Object> keys() {
		return this.position.getKeys();
	}

	/**
	 * One key value of the cursor, for a hand-written seek predicate.
	 * @param <K> the key type
	 * @param name the key's name (a sort property or the id)
	 * @param type the key's type, as the query expects it
	 * @return the value
	 * @throws InvalidPageRequestException (answered with 400) if the cursor has no such
	 * key or one of another type: a forged cursor must not reach the query
	 */
	public <K> K key(String name, Class<K> type) {
		Object value = this.position.getKeys().get(name);
		if (!type.isInstance(value)) {
			throw CursorCodec.invalidCursor();
		}
		return type.cast(value);
	}

	/**
	 * Whether the cursor scrolls backward: a hand-written query then flips its comparison
	 * and its order.
	 * @return whether this is a backward scroll
	 */
	public boolean isBackward() {
		return this.position.scrollsBackward();
	}

	/**
	 * A response from a Spring Data keyset {@link Window}.
	 * @param <T> the item type
	 * @param window the window returned for {@link #position()}
	 * @return the response with signed cursors
	 */
	public <T> CursorPageResponse<T> toResponse(Window<T> window) {
		return build(window.getContent(), (index) -> ((KeysetScrollPosition) window.positionAt(index)).getKeys(),
				window.hasNext());
	}

	/**
	 * A response from rows of a hand-written seek query, fetched with a limit of
	 * {@code pageSize() + 1} in scroll direction (so the extra row tells whether more
	 * exist).
	 * @param <T> the item type
	 * @param rows the rows, at most {@code pageSize() + 1}
	 * @param keys extracts the key values of a row (the sort properties and the id)
	 * @return the response with signed cursors
	 */
	public <T> CursorPageResponse<T> toResponse(List<T> rows, Function<? super T, Map<String, ?>> keys) {
		List<T> items = new ArrayList<>(rows.subList(0, Math.min(rows.size(), this.pageSize)));
		if (isBackward()) {
			Collections.reverse(items);
		}
		return build(items, (index) -> keys.apply(items.get(index)), rows.size() > this.pageSize);
	}

	private <T> CursorPageResponse<T> build(List<T> items, IntFunction<Map<String, ?>> keys, boolean hasMore) {
		boolean hasNext = isBackward() || hasMore;
		boolean hasPrev = isBackward() ? hasMore : !this.position.isInitial();
		String next = null;
		String prev = null;
		if (hasNext) {
			next = items.isEmpty() ? encode(this.position.forward())
					: encode(ScrollPosition.forward(keys.apply(items.size() - 1)));
		}
		if (hasPrev) {
			prev = items.isEmpty() ? encode(this.position.backward()) : encode(ScrollPosition.backward(keys.apply(0)));
		}
		return new CursorPageResponse<>(items, new CursorPagination(this.pageSize, hasNext, hasPrev, next, prev));
	}

	private String encode(KeysetScrollPosition position) {
		return this.codec.encode(position, this.scope);
	}

}
