package io.memguard.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of memory shedding and memory-aware admission. Validated by the binder:
 * each group checks its own values.
 */
@ConfigurationProperties("memguard.web")
public class MemoryProtectionProperties implements Validator {

	private final Shed shed = new Shed();

	private final Admission admission = new Admission();

	public Shed getShed() {
		return this.shed;
	}

	public Admission getAdmission() {
		return this.admission;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == MemoryProtectionProperties.class || type == Shed.class || type == Admission.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof Shed shed) {
			PropertyChecks.rejectIfNegative(errors, "retryAfter", shed.getRetryAfter());
		}
		else if (target instanceof Admission admission) {
			Double safetyMargin = admission.getSafetyMargin();
			PropertyChecks.rejectUnless(errors, "safetyMargin",
					safetyMargin == null || (safetyMargin >= 0 && safetyMargin < 1), "at least 0 and below 1");
			PropertyChecks.rejectUnless(errors, "maxRoutes", admission.getMaxRoutes() >= 1, "at least 1");
			PropertyChecks.rejectUnless(errors, "sampleEvery", admission.getSampleEvery() >= 1, "at least 1");
			PropertyChecks.rejectUnless(errors, "maxWait",
					admission.getMaxWait() != null && !admission.getMaxWait().isNegative(), "zero or positive");
			PropertyChecks.rejectIfNegative(errors, "maxQueue", admission.getMaxQueue());
			PropertyChecks.rejectUnless(errors, "cheapRequestSize",
					admission.getCheapRequestSize() != null && !admission.getCheapRequestSize().isNegative(),
					"zero or positive");
			PropertyChecks.rejectUnlessRatio(errors, "lowPriorityShare", admission.getLowPriorityShare());
		}
	}

	/**
	 * Shedding by memory-pressure level and priority.
	 */
	public static class Shed {

		/**
		 * Base delay sent in Retry-After with a 503, jittered up to +50%.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		/**
		 * Path patterns (such as /status/**) never shed nor admission-controlled. When
		 * empty, everything below the actuator base path.
		 */
		private List<String> exemptPaths = new ArrayList<>();

		/**
		 * Path patterns (such as /checkout/**) of critical priority: admitted first and
		 * never limited to a share of the budget.
		 */
		private List<String> criticalPaths = new ArrayList<>();

		/**
		 * Path patterns (such as /reports/**) of low priority: shed already at WARNING
		 * and limited to a share of the budget.
		 */
		private List<String> lowPriorityPaths = new ArrayList<>();

		/**
		 * Request header whose value (critical, normal or low) sets a request's priority,
		 * ahead of the path patterns. Only for a header your gateway sets and strips from
		 * clients; unset, priorities come from paths only.
		 */
		private String priorityHeader;

		/**
		 * Whether every 503 asks the client to close its connection. Keep-alive makes a
		 * rejection cheaper under a retry storm; a rejected request with a body always
		 * closes, so that its body is not read.
		 */
		private boolean closeConnection;

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public List<String> getExemptPaths() {
			return this.exemptPaths;
		}

		public void setExemptPaths(List<String> exemptPaths) {
			this.exemptPaths = exemptPaths;
		}

		public List<String> getCriticalPaths() {
			return this.criticalPaths;
		}

		public void setCriticalPaths(List<String> criticalPaths) {
			this.criticalPaths = criticalPaths;
		}

		public List<String> getLowPriorityPaths() {
			return this.lowPriorityPaths;
		}

		public void setLowPriorityPaths(List<String> lowPriorityPaths) {
			this.lowPriorityPaths = lowPriorityPaths;
		}

		public String getPriorityHeader() {
			return this.priorityHeader;
		}

		public void setPriorityHeader(String priorityHeader) {
			this.priorityHeader = priorityHeader;
		}

		public boolean isCloseConnection() {
			return this.closeConnection;
		}

		public void setCloseConnection(boolean closeConnection) {
			this.closeConnection = closeConnection;
		}

	}

	/**
	 * Memory-aware admission.
	 */
	public static class Admission {

		/**
		 * Whether to admit requests only while what they are expected to hold fits in the
		 * heap.
		 */
		private boolean enabled = true;

		/**
		 * Fraction of the maximum heap kept free of retained data and admitted requests.
		 * Unset, 0.10, or 0.05 under Serial, which compacts the whole heap.
		 */
		private Double safetyMargin;

		/**
		 * How long a request that does not fit waits for room before it gets a 503.
		 */
		private Duration maxWait = Duration.ofSeconds(5);

		/**
		 * Maximum number of requests waiting for room at once; beyond it a request gets a
		 * 503 unless it displaces a waiting request of lower priority.
		 */
		private int maxQueue = 100;

		/**
		 * Expected hold up to which a request is cheap: cheap requests may use room kept
		 * free of costlier ones (twice this size) and never wait behind them.
		 */
		private DataSize cheapRequestSize = DataSize.ofMegabytes(1);

		/**
		 * Fraction of the admission budget low-priority requests may fill.
		 */
		private double lowPriorityShare = 0.5;

		/**
		 * Maximum number of route patterns whose costs are learned.
		 */
		private int maxRoutes = 500;

		/**
		 * Once a route has 16 measurements, measure one request in this many.
		 */
		private int sampleEvery = 8;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Double getSafetyMargin() {
			return this.safetyMargin;
		}

		public void setSafetyMargin(Double safetyMargin) {
			this.safetyMargin = safetyMargin;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public int getMaxQueue() {
			return this.maxQueue;
		}

		public void setMaxQueue(int maxQueue) {
			this.maxQueue = maxQueue;
		}

		public DataSize getCheapRequestSize() {
			return this.cheapRequestSize;
		}

		public void setCheapRequestSize(DataSize cheapRequestSize) {
			this.cheapRequestSize = cheapRequestSize;
		}

		public double getLowPriorityShare() {
			return this.lowPriorityShare;
		}

		public void setLowPriorityShare(double lowPriorityShare) {
			this.lowPriorityShare = lowPriorityShare;
		}

		public int getMaxRoutes() {
			return this.maxRoutes;
		}

		public void setMaxRoutes(int maxRoutes) {
			this.maxRoutes = maxRoutes;
		}

		public int getSampleEvery() {
			return this.sampleEvery;
		}

		public void setSampleEvery(int sampleEvery) {
			this.sampleEvery = sampleEvery;
		}

	}

}
