/**
 * The {@code /actuator/memory} endpoint and the {@code memory} health indicator.
 */
package io.memguard.actuate;
