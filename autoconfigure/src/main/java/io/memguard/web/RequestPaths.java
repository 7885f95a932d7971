package io.memguard.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one notion of a request's path that Memguard's filters match patterns against and
 * key admission by.
 */
final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * The path of a request within the application: its URI as sent (not decoded, path
	 * parameters kept) without the context path.
	 * @param request the request
	 * @return the path
	 */
	static String withinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (contextPath.isEmpty() || !uri.startsWith(contextPath)) ? uri : uri.substring(contextPath.length());
	}

}
