package io.memguard.actuate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Matches when {@code /actuator/memory} is available (its access is not {@code none} and
 * it is exposed), so a capability's {@link MemoryEndpointContributor section} exists only
 * when the endpoint that shows it does. Does not match without the actuator on the class
 * path.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnClass(
		name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
public @interface ConditionalOnMemoryEndpoint {

}
