/**
 * Checks that {@code @ConfigurationProperties} classes run on themselves at binding.
 */
package io.memguard.properties;
