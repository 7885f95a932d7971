/**
 * Heap dumps on trouble (opt-in): one dump of live objects when the level turns
 * {@code CRITICAL} or an {@link java.lang.OutOfMemoryError} is reported, at most once per
 * interval and only where the disk has room.
 */
package io.memguard.heapdump;
