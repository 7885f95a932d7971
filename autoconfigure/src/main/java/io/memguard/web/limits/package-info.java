/**
 * Request limits: concurrency per client and in total, request body size and body read
 * deadlines, and the web server defaults for uploads and compression.
 */
package io.memguard.web.limits;
