package io.memguard.data.page;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A keyset page: {@code {"items": [...], "pagination": {"page_size": 50, "has_next":
 * true, "has_prev": false, "next_cursor": "..."}}}. Made by
 * {@link CursorQuery#toResponse}.
 *
 * @param <T> the item type
 * @param items the items of this page
 * @param pagination the cursors to the neighbouring pages
 */
public record CursorPageResponse<T>(List<T> items, CursorPagination pagination) {

	/**
	 * Cursors to the neighbouring pages.
	 *
	 * @param pageSize the requested page size
	 * @param hasNext whether a next page exists
	 * @param hasPrev whether a previous page exists
	 * @param nextCursor cursor of the next page, {@code null} when there is none
	 * @param prevCursor cursor of the previous page, {@code null} when there is none
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record CursorPagination(@JsonProperty("page_size") int pageSize, @JsonProperty("has_next") boolean hasNext,
			@JsonProperty("has_prev") boolean hasPrev, @JsonProperty("next_cursor") String nextCursor,
			@JsonProperty("prev_cursor") String prevCursor) {

	}

}
