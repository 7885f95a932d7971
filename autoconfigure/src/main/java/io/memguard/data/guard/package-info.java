/**
 * The entity load guard: a limit on the entities one request or transaction loads.
 */
package io.memguard.data.guard;
