/**
 * Cleanup on demand and on lasting pressure: {@link io.memguard.cleanup.MemoryCleanup}
 * runs every {@link io.memguard.cleanup.MemoryCleanupStep} bean (caches, pool, a full
 * collection) when the level or a threshold says so.
 */
package io.memguard.cleanup;
