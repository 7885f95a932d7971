/**
 * Pagination, keyset cursors, constant-memory exports, batch jobs and the entity guard.
 */
package io.memguard.data;
