package io.memguard.cleanup;

import java.time.Duration;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the memory cleanup. Validated by the binder.
 */
@ConfigurationProperties("memguard.cleanup")
public class MemoryCleanupProperties implements Validator {

	private final OnCritical onCritical = new OnCritical();

	public OnCritical getOnCritical() {
		return this.onCritical;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == OnCritical.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		OnCritical onCritical = (OnCritical) target;
		PropertyChecks.rejectUnless(errors, "after",
				onCritical.getAfter() != null && onCritical.getAfter().toMillis() > 0, "at least 1ms");
	}

	/**
	 * Cleanup when the level stays CRITICAL.
	 */
	public static class OnCritical {

		/**
		 * Whether to run the cleanup (caches, idle pool connections, a full collection)
		 * once the level has stayed CRITICAL for the time set by after.
		 */
		private boolean enabled;

		/**
		 * How long the level must stay CRITICAL before the cleanup runs, once per
		 * critical episode.
		 */
		private Duration after = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAfter() {
			return this.after;
		}

		public void setAfter(Duration after) {
			this.after = after;
		}

	}

}
