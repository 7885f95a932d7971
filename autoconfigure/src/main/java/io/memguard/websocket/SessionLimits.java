package io.memguard.websocket;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.memguard.web.limits.ClientKeyResolver;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The limits of every limited endpoint, most specific pattern first, and how a handshake
 * finds its claims. Paths are matched the way Spring MVC mapped the handshake to its
 * endpoint: decoded, without path parameters, within the application.
 */
public final class SessionLimits {

	private final List<SessionLimit> limits;

	/**
	 * Creates the set.
	 * @param limits the limits, in any order
	 */
	public SessionLimits(List<SessionLimit> limits) {
		this.limits = limits.stream()
			.sorted(Comparator.comparing(SessionLimit::pattern, PathPattern.SPECIFICITY_COMPARATOR))
			.toList();
	}

	/**
	 * The limits, most specific first.
	 * @return the limits
	 */
	public List<SessionLimit> all() {
		return this.limits;
	}

	/**
	 * The claims of a handshake: the most specific limit matching its path, its user
	 * (resolved only when the limit caps users) and its room.
	 * @param request the handshake request
	 * @param clientKeys tells which client a request comes from
	 * @return the claims
	 */
	public SessionClaims claims(HttpServletRequest request, ClientKeyResolver clientKeys) {
		if (this.limits.isEmpty()) {
			return SessionClaims.GLOBAL_ONLY;
		}
		PathContainer path = pathWithinApplication(request);
		for (SessionLimit limit : this.limits) {
			PathPattern.PathMatchInfo match = limit.pattern().matchAndExtract(path);
			if (match != null) {
				String userKey = (limit.user() != null) ? clientKeys.resolve(request) : null;
				return new SessionClaims(limit, userKey, limit.roomKey(request, match));
			}
		}
		return SessionClaims.GLOBAL_ONLY;
	}

	private static PathContainer pathWithinApplication(HttpServletRequest request) {
		RequestPath path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request)
				: RequestPath.parse(request.getRequestURI(), request.getContextPath());
		return path.pathWithinApplication();
	}

}
