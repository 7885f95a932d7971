/**
 * The memory-pressure signal: a level derived from the live heap after GC and the
 * container's cgroup, published to listeners and read by the request path.
 */
package io.memguard.memory;
