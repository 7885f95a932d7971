package io.memguard.actuate;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code memory} endpoint, in the shape of Spring Boot's
 * {@code management.endpoint.health.*}.
 */
@ConfigurationProperties("management.endpoint.memory")
public class MemoryEndpointProperties {

	/**
	 * When to show the details of the sections (entity class names, leaked connections'
	 * threads and stack frames, the cache listener's backend process id).
	 */
	private Show showDetails = Show.NEVER;

	/**
	 * Roles that may see the details when show-details is when-authorized. When empty,
	 * any authenticated user may.
	 */
	private Set<String> roles = new HashSet<>();

	public Show getShowDetails() {
		return this.showDetails;
	}

	public void setShowDetails(Show showDetails) {
		this.showDetails = showDetails;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
