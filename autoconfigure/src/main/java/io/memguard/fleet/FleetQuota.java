package io.memguard.fleet;

/**
 * One count shared by the fleet and its cap: the requests of one client, or the sessions
 * of one user or room under one limit.
 *
 * @param scope what is counted, such as {@code http} or {@code user:/ws/presence}
 * @param key who or what is counted in that scope, such as a client address
 * @param max the most leases the count may reach
 */
record FleetQuota(String scope, String key, int max) {

}
