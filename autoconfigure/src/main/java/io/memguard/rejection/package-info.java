/**
 * Request rejections shared by every Memguard capability: their reasons, counters and
 * metrics, and the RFC 9457 problem responses that carry them.
 */
package io.memguard.rejection;
