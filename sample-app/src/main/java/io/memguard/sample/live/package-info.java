/**
 * WebSocket endpoints limited per user and per room: presence and collaboration rooms.
 */
package io.memguard.sample.live;
