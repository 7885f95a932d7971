package io.memguard.properties;

import java.time.Duration;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The checks Memguard's {@code @ConfigurationProperties} classes make on themselves. Each
 * properties class implements {@link Validator}, so Spring Boot's binder validates it
 * when it binds it; an invalid value stops startup with Boot's own failure analysis,
 * which names the property, its value and where it was set:
 *
 * <pre class="code">
 * &#64;Override
 * public void validate(Object target, Errors errors) {
 *     PropertyChecks.rejectIfNegative(errors, "retryAfter", this.retryAfter);
 *     PropertyChecks.rejectUnless(errors, "pressureShrinkRatio", this.pressureShrinkRatio &gt; 0
 *             &amp;&amp; this.pressureShrinkRatio &lt;= 1, "above 0 and at most 1");
 * }
 * </pre>
 *
 * Fields are named as Java bean properties ({@code admission.safetyMargin}); Boot prints
 * them with the prefix of the properties class.
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/**
	 * Rejects a value that does not meet a requirement.
	 * @param errors the errors of the properties class
	 * @param field the bean property path of the value
	 * @param valid whether the value meets the requirement
	 * @param requirement what a valid value is, completing "must be ..."
	 */
	public static void rejectUnless(Errors errors, String field, boolean valid, String requirement) {
		if (!valid) {
			errors.rejectValue(field, "invalid", "must be " + requirement);
		}
	}

	/**
	 * Rejects a ratio that is not above 0 and at most 1.
	 * @param errors the errors of the properties class
	 * @param field the bean property path of the value
	 * @param value the value
	 */
	public static void rejectUnlessRatio(Errors errors, String field, double value) {
		rejectUnless(errors, field, value > 0 && value <= 1, "above 0 and at most 1");
	}

	/**
	 * Rejects a negative number.
	 * @param errors the errors of the properties class
	 * @param field the bean property path of the value
	 * @param value the value
	 */
	public static void rejectIfNegative(Errors errors, String field, long value) {
		rejectUnless(errors, field, value >= 0, "at least 0");
	}

	/**
	 * Rejects a negative duration; an unset one is left alone.
	 * @param errors the errors of the properties class
	 * @param field the bean property path of the value
	 * @param value the value, or {@code null}
	 */
	public static void rejectIfNegative(Errors errors, String field, Duration value) {
		rejectUnless(errors, field, value == null || !value.isNegative(), "zero or positive");
	}

	/**
	 * Rejects a negative size; an unset one is left alone.
	 * @param errors the errors of the properties class
	 * @param field the bean property path of the value
	 * @param value the value, or {@code null}
	 */
	public static void rejectIfNegative(Errors errors, String field, DataSize value) {
		rejectUnless(errors, field, value == null || !value.isNegative(), "zero or positive");
	}

}
