package io.memguard.data.page;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.MethodParameter;
import org.springframework.web.method.HandlerMethod;

/**
 * An endpoint that sorts by request: a {@link PageQuery} (offset pages) or
 * {@link CursorQuery} (keyset) parameter and the sorts its {@link PageParams} allow.
 *
 * @param name the handler, such as {@code BookingController#list}
 * @param params the sorting rules
 * @param keyset whether the endpoint scrolls by keyset, which appends the id to every
 * sort
 */
record SortedEndpoint(String name, PageParams params, boolean keyset) {

	/**
	 * The sorts an index must serve: each sortable property alone and the default sort as
	 * a whole, in order.
	 * @return the property lists
	 */
	List<List<String>> sorts() {
		Set<List<String>> sorts = new LinkedHashSet<>();
		for (String property : this.params.sortable()) {
			sorts.add(List.of(property.strip()));
		}
		List<String> defaultSort = new ArrayList<>();
		for (String entry : this.params.defaultSort()) {
			defaultSort.add(entry.split(",", 2)[0].strip());
		}
		if (!defaultSort.isEmpty()) {
			sorts.add(List.copyOf(defaultSort));
		}
		return List.copyOf(sorts);
	}

	/**
	 * The sorted endpoints among handler methods: only those with a {@link PageQuery} or
	 * {@link CursorQuery} parameter and a {@link PageParams} that allows a sort.
	 * @param handlerMethods the handler methods of the application
	 * @return the endpoints, empty when no endpoint uses Memguard's pagination
	 */
	static List<SortedEndpoint> of(Map<?, HandlerMethod> handlerMethods) {
		List<SortedEndpoint> endpoints = new ArrayList<>();
		for (HandlerMethod handler : handlerMethods.values()) {
			for (MethodParameter parameter : handler.getMethodParameters()) {
				Class<?> type = parameter.getParameterType();
				if (type != PageQuery.class && type != CursorQuery.class) {
					continue;
				}
				PageParams params = parameter.getParameterAnnotation(PageParams.class);
				if (params == null) {
					params = parameter.getMethodAnnotation(PageParams.class);
				}
				if (params != null && (params.sortable().length > 0 || params.defaultSort().length > 0)) {
					Method method = handler.getMethod();
					endpoints
						.add(new SortedEndpoint(method.getDeclaringClass().getSimpleName() + "#" + method.getName(),
								params, type == CursorQuery.class));
				}
			}
		}
		return endpoints;
	}

}
