package io.memguard.data.page;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * A validated page request: the {@code page} (1-based), {@code page_size} and
 * {@code sort} parameters of a controller method, checked against {@link PageParams}.
 *
 * @param page the page number, from 1
 * @param pageSize the page size
 * @param sort the sort, only on allowed properties
 */
public record PageQuery(int page, int pageSize, Sort sort) {

	/**
	 * The Spring Data equivalent, for repository methods.
	 * @return a 0-based {@link Pageable}
	 */
	public Pageable toPageable() {
		return PageRequest.of(this.page - 1, this.pageSize, this.sort);
	}

}
