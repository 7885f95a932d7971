package io.memguard.data;

/**
 * A {@code memguard.data.*} property with a value Memguard cannot work with.
 */
public class InvalidDataPropertyException extends RuntimeException {

	private final String property;

	/**
	 * Creates a new instance.
	 * @param property the property name
	 * @param message what is wrong with its value
	 */
	public InvalidDataPropertyException(String property, String message) {
		super(message);
		this.property = property;
	}

	/**
	 * The property name.
	 * @return the name
	 */
	public String getProperty() {
		return this.property;
	}

}
