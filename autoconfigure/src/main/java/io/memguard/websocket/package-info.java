/**
 * WebSocket session limits per user, per room and per instance, and bounds on what each
 * session may hold, for Spring's WebSocket and STOMP endpoints.
 */
package io.memguard.websocket;
