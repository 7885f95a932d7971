package io.memguard.actuate;

/**
 * Adds a section to {@code /actuator/memory}. Each capability (pool, caches, ...)
 * registers a bean of this type; the endpoint shows what {@link #section(boolean)}
 * returns under {@link #sectionName()}.
 */
public interface MemoryEndpointContributor {

	/**
	 * Key of the section in the endpoint's JSON, for example {@code datasource}.
	 * @return the section name
	 */
	String sectionName();

	/**
	 * Current content of the section, without details, serialized as JSON. Must be cheap
	 * and must not throw.
	 * @return the section content
	 */
	Object section();

	/**
	 * Current content of the section, with its details when asked. Details help an
	 * operator find a cause but also tell an attacker about the application: class names,
	 * thread names, stack frames, database process ids. The endpoint asks for them only
	 * as {@code management.endpoint.memory.show-details} allows. A section without such
	 * details need not override this.
	 * @param showDetails whether to include the details
	 * @return the section content
	 */
	default Object section(boolean showDetails) {
		return section();
	}

}
