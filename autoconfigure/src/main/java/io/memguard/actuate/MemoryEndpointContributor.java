package io.memguard.actuate;

/**
 * Adds a section to {@code /actuator/memory}. Each capability (pool, caches, ...)
 * registers a bean of this type; the endpoint shows what {@link #section()} returns under
 * {@link #sectionName()}.
 */
public interface MemoryEndpointContributor {

	/**
	 * Key of the section in the endpoint's JSON, for example {@code datasource}.
	 * @return the section name
	 */
	String sectionName();

	/**
	 * Current content of the section, serialized as JSON. Must be cheap and must not
	 * throw.
	 * @return the section content
	 */
	Object section();

}
