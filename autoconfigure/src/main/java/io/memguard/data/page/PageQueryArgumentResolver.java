package io.memguard.data.page;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.MethodParameter;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link PageQuery} and {@link CursorQuery} controller parameters from the
 * {@code page}, {@code page_size}, {@code sort} and {@code cursor} request parameters.
 * Anything out of range, non-numeric or not allowed by {@link PageParams} is an
 * {@link InvalidPageRequestException}: never a silent clamp.
 */
public class PageQueryArgumentResolver implements HandlerMethodArgumentResolver {

	private static final int MAX_ECHOED_LENGTH = 40;

	private final int defaultSize;

	private final int maxSize;

	private final CursorCodec cursorCodec;

	/**
	 * Creates a new instance.
	 * @param defaultSize page size when the request and the endpoint give none
	 * @param maxSize largest page size when the endpoint gives none
	 * @param cursorCodec signs and verifies cursors
	 */
	public PageQueryArgumentResolver(int defaultSize, int maxSize, CursorCodec cursorCodec) {
		this.defaultSize = defaultSize;
		this.maxSize = maxSize;
		this.cursorCodec = cursorCodec;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == PageQuery.class || type == CursorQuery.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest request, WebDataBinderFactory binderFactory) {
		PageParams params = parameter.getParameterAnnotation(PageParams.class);
		if (params == null) {
			params = parameter.getMethodAnnotation(PageParams.class);
		}
		int max = (params != null && params.maxSize() > 0) ? params.maxSize() : this.maxSize;
		int size = (params != null && params.defaultSize() > 0) ? params.defaultSize()
				: Math.min(this.defaultSize, max);
		int pageSize = integer(request, "page_size", size, max);
		Sort sort = sort(request, params);
		if (parameter.getParameterType() == PageQuery.class) {
			return new PageQuery(page(request, pageSize), pageSize, sort);
		}
		String scope = scope(parameter.getMethod(), sort);
		String cursor = request.getParameter("cursor");
		return new CursorQuery(pageSize, sort, (cursor != null && !cursor.isEmpty())
				? this.cursorCodec.decode(cursor, scope) : ScrollPosition.keyset(), this.cursorCodec, scope);
	}

	// JPA takes the offset, (page - 1) * page_size, as an int: a deeper page is refused
	// here rather than failing in the query.
	private static int page(NativeWebRequest request, int pageSize) {
		int page = integer(request, "page", 1, Integer.MAX_VALUE);
		long maxPage = Math.min(Integer.MAX_VALUE, Integer.MAX_VALUE / pageSize + 1L);
		if (page > maxPage) {
			throw new InvalidPageRequestException("page", "page must be an integer from 1 to " + maxPage
					+ " with page_size " + pageSize + ", got '" + page + "'");
		}
		return page;
	}

	private static int integer(NativeWebRequest request, String name, int defaultValue, int max) {
		String value = request.getParameter(name);
		if (value == null) {
			return defaultValue;
		}
		long number = asciiNumber(value);
		if (number >= 1 && number <= max) {
			return (int) number;
		}
		throw new InvalidPageRequestException(name,
				name + " must be an integer from 1 to " + max + ", got '" + echo(value) + "'");
	}

	// Plain ASCII digits only: Integer.parseInt also takes "+5" and other scripts' digits
	// ("５", "٥"), which caches, logs and proxies would see as other values than 5
	private static long asciiNumber(String value) {
		if (value.isEmpty() || value.length() > 10) {
			return -1;
		}
		long number = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			number = number * 10 + (c - '0');
		}
		return number;
	}

	private static Sort sort(NativeWebRequest request, PageParams params) {
		String[] values = request.getParameterValues("sort");
		Set<String> allowed = (params != null) ? new LinkedHashSet<>(Arrays.asList(params.sortable())) : Set.of();
		if (values == null || values.length == 0) {
			return (params != null) ? parse(params.defaultSort(), null) : Sort.unsorted();
		}
		if (allowed.isEmpty()) {
			throw new InvalidPageRequestException("sort", "this endpoint does not accept a sort parameter");
		}
		return parse(values, allowed);
	}

	private static Sort parse(String[] values, Set<String> allowed) {
		List<Sort.Order> orders = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (String value : values) {
			String[] parts = value.split(",", -1);
			String property = parts[0].trim();
			if (parts.length > 2 || (allowed != null && !allowed.contains(property))) {
				throw new InvalidPageRequestException("sort", "sort must be 'property' or 'property,asc|desc' with "
						+ "property one of " + allowed + ", got '" + echo(value) + "'");
			}
			Direction direction = Direction.ASC;
			if (parts.length == 2) {
				direction = direction(parts[1].trim(), value);
			}
			if (!seen.add(property)) {
				throw new InvalidPageRequestException("sort", "sort names '" + property + "' more than once");
			}
			orders.add(new Sort.Order(direction, property));
		}
		return Sort.by(orders);
	}

	private static Direction direction(String text, String value) {
		if (text.equalsIgnoreCase("asc")) {
			return Direction.ASC;
		}
		if (text.equalsIgnoreCase("desc")) {
			return Direction.DESC;
		}
		throw new InvalidPageRequestException("sort",
				"sort direction must be 'asc' or 'desc', got '" + echo(value) + "'");
	}

	private static String scope(Method method, Sort sort) {
		return method.getDeclaringClass().getName() + "#" + method.getName() + "|" + sort;
	}

	private static String echo(String value) {
		String printable = value.replaceAll("\\p{Cntrl}", "?");
		return (printable.length() <= MAX_ECHOED_LENGTH) ? printable
				: printable.substring(0, MAX_ECHOED_LENGTH) + "...";
	}

}
