/**
 * Bounded pages and keyset scrolling: {@code PageQuery} and {@code CursorQuery}
 * controller parameters, their responses, signed cursors, and the startup check of the
 * indexes behind sorted columns.
 */
package io.memguard.data.page;
