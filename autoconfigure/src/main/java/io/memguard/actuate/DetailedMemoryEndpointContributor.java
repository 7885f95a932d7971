package io.memguard.actuate;

/**
 * A section of {@code /actuator/memory} with details only some readers may see: it
 * implements {@link #section(boolean)} alone, and shows no details where none are asked
 * for.
 */
public interface DetailedMemoryEndpointContributor extends MemoryEndpointContributor {

	@Override
	default Object section() {
		return section(false);
	}

	@Override
	Object section(boolean showDetails);

}
