/**
 * Cache invalidations sent between instances of an application.
 */
package io.memguard.cache.broadcast;
