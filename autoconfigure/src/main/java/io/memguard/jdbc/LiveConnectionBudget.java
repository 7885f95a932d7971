package io.memguard.jdbc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The server's connection budget against the pools of the instances running now, rather
 * than against {@code memguard.datasource.expected-instances}: fed the fleet's pool sizes
 * as they change (by the fleet registry), it warns once when a scale-out makes the pools
 * oversubscribe the database, and once when they fit again.
 */
public class LiveConnectionBudget {

	private static final Log logger = LogFactory.getLog(LiveConnectionBudget.class);

	private final int poolSize;

	private final int headroom;

	private volatile ConnectionBudget budget;

	private volatile List<Integer> fleetPoolSizes;

	private volatile String oversubscription;

	/**
	 * Creates the budget.
	 * @param poolSize this instance's maximum pool size, or -1 when unknown
	 * @param headroom connections kept free for other clients
	 */
	public LiveConnectionBudget(int poolSize, int headroom) {
		this.poolSize = poolSize;
		this.headroom = headroom;
	}

	void budgetRead(ConnectionBudget budget) {
		this.budget = budget;
		List<Integer> poolSizes = this.fleetPoolSizes;
		if (poolSizes != null) {
			checkFleet(poolSizes);
		}
	}

	/**
	 * This instance's maximum pool size.
	 * @return the size, or -1 when unknown
	 */
	public int poolSize() {
		return this.poolSize;
	}

	/**
	 * Checks the pools of every instance running now against the server's budget.
	 * @param poolSizes the maximum pool size of each instance, this one included
	 */
	public void checkFleet(List<Integer> poolSizes) {
		this.fleetPoolSizes = List.copyOf(poolSizes);
		ConnectionBudget budget = this.budget;
		if (budget == null) {
			return;
		}
		String now = budget.fleetOversubscription(poolSizes, this.headroom);
		String before = this.oversubscription;
		this.oversubscription = now;
		if (now != null && before == null) {
			logger.warn(now + ". " + budget.fleetFix(poolSizes.size(), this.headroom));
		}
		else if (now == null && before != null) {
			logger.info("The connection pools of the " + poolSizes.size()
					+ " instances running now fit the database's connection budget again");
		}
	}

	/**
	 * The budget against the fleet, for {@code /actuator/memory}.
	 * @return the figures, or {@code null} before both the budget and the fleet are known
	 */
	public Map<String, Object> describe() {
		ConnectionBudget budget = this.budget;
		List<Integer> poolSizes = this.fleetPoolSizes;
		if (budget == null || poolSizes == null) {
			return null;
		}
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("needed", ConnectionBudget.needed(poolSizes, this.headroom));
		description.put("available", budget.available());
		description.put("oversubscribed", this.oversubscription != null);
		return description;
	}

}
