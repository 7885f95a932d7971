/**
 * Fleet mode: limits, instance registry and connection budget shared by every instance of
 * an application through Redis.
 */
package io.memguard.fleet;
