package io.memguard.web;

/**
 * Thrown at startup when a {@code memguard.web.admission.*} property has a value the
 * admission model cannot work with.
 */
public class InvalidAdmissionSettingException extends RuntimeException {

	private final String property;

	private final Object value;

	private final String requirement;

	InvalidAdmissionSettingException(String property, Object value, String requirement) {
		super("Property '" + property + "' is " + value + " but must be " + requirement);
		this.property = property;
		this.value = value;
		this.requirement = requirement;
	}

	/**
	 * The property's full name.
	 * @return the property
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The value it was bound to.
	 * @return the value
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * What a valid value looks like.
	 * @return the requirement
	 */
	public String getRequirement() {
		return this.requirement;
	}

}
