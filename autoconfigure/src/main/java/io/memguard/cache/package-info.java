/**
 * Bounded Caffeine caches, configured per cache, invalidated after commit when the
 * entities behind them change, and shrunk under memory pressure.
 */
package io.memguard.cache;
