package io.memguard.websocket;

/**
 * One count of open sessions and its cap: the sessions of one user or one room under one
 * limit. A store keeps one counter per scope and key.
 *
 * @param scope what is counted, such as {@code user:/ws/presence}
 * @param key who or what is counted in that scope, such as {@code principal:alice}
 * @param maxSessions the most sessions the counter may reach
 */
public record SessionQuota(String scope, String key, int maxSessions) {

}
