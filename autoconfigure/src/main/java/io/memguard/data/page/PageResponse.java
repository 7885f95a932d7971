package io.memguard.data.page;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Slice;

/**
 * A page in the shape front ends expect: {@code {"items": [...], "pagination": {"page":
 * 1, "page_size": 50, "total": 150, "total_pages": 3, "has_next": true, "has_prev":
 * false}}}. Built from a {@link Page} (with totals) or a {@link Slice} (without, so no
 * count query runs).
 *
 * @param <T> the item type
 * @param items the items of this page
 * @param pagination where this page sits
 */
public record PageResponse<T>(List<T> items, Pagination pagination) {

	/**
	 * A response from a Spring Data page or slice; {@code total} and {@code total_pages}
	 * are left out for a slice.
	 * @param <T> the item type
	 * @param slice the page or slice
	 * @return the response
	 */
	public static <T> PageResponse<T> of(Slice<T> slice) {
		Long total = (slice instanceof Page<T> page) ? page.getTotalElements() : null;
		Integer totalPages = (slice instanceof Page<T> page) ? page.getTotalPages() : null;
		Pagination pagination = new Pagination(slice.getNumber() + 1, slice.getSize(), total, totalPages,
				slice.hasNext(), slice.hasPrevious());
		return new PageResponse<>(slice.getContent(), pagination);
	}

	/**
	 * A response from a page or slice of entities, with each item mapped (typically to a
	 * DTO).
	 * @param <S> the source type
	 * @param <T> the item type
	 * @param slice the page or slice
	 * @param mapper maps each item
	 * @return the response
	 */
	public static <S, T> PageResponse<T> of(Slice<S> slice, Function<? super S, ? extends T> mapper) {
		return of(slice.map(mapper));
	}

	/**
	 * Position of a page.
	 *
	 * @param page the page number, from 1
	 * @param pageSize the requested page size
	 * @param total the number of items in all pages, {@code null} for a slice
	 * @param totalPages the number of pages, {@code null} for a slice
	 * @param hasNext whether a next page exists
	 * @param hasPrev whether a previous page exists
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Pagination(int page, @JsonProperty("page_size") int pageSize, Long total,
			@JsonProperty("total_pages") Integer totalPages, @JsonProperty("has_next") boolean hasNext,
			@JsonProperty("has_prev") boolean hasPrev) {

	}

}
