package io.memguard.jdbc;

import java.util.List;

/**
 * What the database server can give the application, and what the application's pools may
 * take: {@code poolSize * expectedInstances + headroom <= min(max_connections -
 * superuser_reserved_connections - reserved_connections, rolconnlimit, datconnlimit)}.
 *
 * @param maxConnections the server's {@code max_connections}
 * @param reservedConnections {@code superuser_reserved_connections} plus
 * {@code reserved_connections} (PostgreSQL 16+)
 * @param roleLimit the role's {@code rolconnlimit}, or -1 for none
 * @param databaseLimit the database's {@code datconnlimit}, or -1 for none
 */
record ConnectionBudget(int maxConnections, int reservedConnections, int roleLimit, int databaseLimit) {

	/**
	 * Connections the application's role can open on this database.
	 * @return the available connections
	 */
	int available() {
		int available = this.maxConnections - this.reservedConnections;
		if (this.roleLimit >= 0) {
			available = Math.min(available, this.roleLimit);
		}
		if (this.databaseLimit >= 0) {
			available = Math.min(available, this.databaseLimit);
		}
		return available;
	}

	/**
	 * Connections the pools of all instances need, plus the headroom.
	 * @param poolSize the maximum pool size of one instance
	 * @param expectedInstances the instances at the same time
	 * @param headroom connections kept free for other clients
	 * @return the needed connections
	 */
	static int needed(int poolSize, int expectedInstances, int headroom) {
		return poolSize * expectedInstances + headroom;
	}

	/**
	 * Describes the shortfall, or returns {@code null} when the budget holds.
	 * @param poolSize the maximum pool size of one instance
	 * @param expectedInstances the instances at the same time
	 * @param headroom connections kept free for other clients
	 * @return the description or {@code null}
	 */
	String oversubscription(int poolSize, int expectedInstances, int headroom) {
		int needed = needed(poolSize, expectedInstances, headroom);
		int available = available();
		if (needed <= available) {
			return null;
		}
		return "Connection pools need " + needed + " connections (maximum-pool-size " + poolSize + " x "
				+ expectedInstances + " expected instances + " + headroom + " headroom) but " + serverGives();
	}

	/**
	 * Connections the pools of the instances running now need, plus the headroom.
	 * @param poolSizes the maximum pool size of each instance
	 * @param headroom connections kept free for other clients
	 * @return the needed connections
	 */
	static int needed(List<Integer> poolSizes, int headroom) {
		return poolSizes.stream().mapToInt(Integer::intValue).sum() + headroom;
	}

	/**
	 * Describes the shortfall of the instances running now, or returns {@code null} when
	 * the budget holds.
	 * @param poolSizes the maximum pool size of each instance
	 * @param headroom connections kept free for other clients
	 * @return the description or {@code null}
	 */
	String fleetOversubscription(List<Integer> poolSizes, int headroom) {
		int needed = needed(poolSizes, headroom);
		if (needed <= available()) {
			return null;
		}
		return "The connection pools of the " + poolSizes.size() + " instances running now need " + needed
				+ " connections (pool sizes " + poolSizes + " + " + headroom + " headroom) but " + serverGives();
	}

	private String serverGives() {
		return "the server gives " + available() + " (max_connections " + this.maxConnections + " - "
				+ this.reservedConnections + " reserved"
				+ ((this.roleLimit >= 0) ? ", role limit " + this.roleLimit : "")
				+ ((this.databaseLimit >= 0) ? ", database limit " + this.databaseLimit : "") + ")";
	}

	private int fittingPoolSize(int instances, int headroom) {
		return Math.max(1, (available() - headroom) / Math.max(1, instances));
	}

	/**
	 * How to fix an oversubscription of the instances running now.
	 * @param instances the instances running now
	 * @param headroom connections kept free for other clients
	 * @return the advice
	 */
	String fleetFix(int instances, int headroom) {
		return "Instances that connect now may get \"too many clients\". Consider fewer instances, "
				+ "spring.datasource.hikari.maximum-pool-size=" + fittingPoolSize(instances, headroom)
				+ ", raising max_connections on the server, or a connection pooler such as PgBouncer in front of it.";
	}

	/**
	 * How to fix an oversubscription.
	 * @param expectedInstances the instances at the same time
	 * @param headroom connections kept free for other clients
	 * @return the advice
	 */
	String fix(int expectedInstances, int headroom) {
		return "Consider spring.datasource.hikari.maximum-pool-size=" + fittingPoolSize(expectedInstances, headroom)
				+ ", fewer memguard.datasource.expected-instances, raising max_connections on the server, or a "
				+ "connection pooler such as PgBouncer in front of it.";
	}

}
