/**
 * Memory-aware admission: each route's learned heap cost, reserved while its requests
 * run, so that requests are admitted only while they fit in the heap.
 */
package io.memguard.web.admission;
