/**
 * Batch jobs over a table in keyset order, one transaction per batch, resumable from the
 * last committed key.
 */
package io.memguard.data.batch;
