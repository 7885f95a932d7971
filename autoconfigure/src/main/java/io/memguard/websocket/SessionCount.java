package io.memguard.websocket;

/**
 * The sessions open under one key of a scope.
 *
 * @param key the key, such as {@code principal:alice} or a room name
 * @param sessions the sessions open now
 */
public record SessionCount(String key, int sessions) {

}
