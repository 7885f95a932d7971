package io.memguard.data.guard;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens an {@link EntityLoadGuard} counting scope around each request, so the entities of
 * all its transactions (and of open-session-in-view lazy loading) count together.
 */
public class EntityLoadGuardFilter extends OncePerRequestFilter {

	private final EntityLoadGuard guard;

	/**
	 * Creates a new instance.
	 * @param guard the guard
	 */
	public EntityLoadGuardFilter(EntityLoadGuard guard) {
		this.guard = guard;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.guard.beginRequest(request.getMethod(), request.getRequestURI());
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.guard.endRequest();
		}
	}

}
