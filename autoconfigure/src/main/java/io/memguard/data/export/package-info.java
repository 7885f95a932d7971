/**
 * Streaming exports of query results as NDJSON, JSON or CSV in constant memory.
 */
package io.memguard.data.export;
