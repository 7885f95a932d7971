package io.memguard.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of memory shedding and allocation-aware admission. Validated by the
 * binder: each group checks its own values.
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
			PropertyChecks.rejectUnless(errors, "safetyMargin",
					admission.getSafetyMargin() >= 0 && admission.getSafetyMargin() < 1, "at least 0 and below 1");
			PropertyChecks.rejectUnless(errors, "maxRoutes", admission.getMaxRoutes() >= 1, "at least 1");
			PropertyChecks.rejectUnless(errors, "sampleEvery", admission.getSampleEvery() >= 1, "at least 1");
		}
	}

	/**
	 * Shedding by memory-pressure level.
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
		 * Path patterns (such as /reports/**) shed already at WARNING.
		 */
		private List<String> lowPriorityPaths = new ArrayList<>();

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

		public List<String> getLowPriorityPaths() {
			return this.lowPriorityPaths;
		}

		public void setLowPriorityPaths(List<String> lowPriorityPaths) {
			this.lowPriorityPaths = lowPriorityPaths;
		}

	}

	/**
	 * Allocation-aware admission.
	 */
	public static class Admission {

		/**
		 * Whether to admit requests only while their expected allocations fit in the heap
		 * headroom.
		 */
		private boolean enabled = true;

		/**
		 * Fraction of the maximum heap kept free of admitted requests' allocations.
		 */
		private double safetyMargin = 0.25;

		/**
		 * Maximum number of paths, and of route patterns, whose allocations are learned;
		 * further paths share one entry.
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

		public double getSafetyMargin() {
			return this.safetyMargin;
		}

		public void setSafetyMargin(double safetyMargin) {
			this.safetyMargin = safetyMargin;
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
