package io.memguard.data;

import io.memguard.data.guard.EntityLoadGuard;
import io.memguard.data.page.CursorCodec;
import io.memguard.data.page.CursorQuery;
import io.memguard.data.page.PageQuery;
import io.memguard.data.page.SortIndexCheck;
import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of pagination, cursors, streaming exports, batch jobs and the entity
 * guard. Validated by the binder: each group checks its own values.
 */
@ConfigurationProperties("memguard.data")
public class MemguardDataProperties implements Validator {

	/**
	 * Secret that signs keyset cursors (HMAC-SHA256), at least 32 characters. When unset,
	 * a random secret is made at each start, so cursors break across restarts and
	 * instances.
	 */
	private String cursorSecret;

	/**
	 * Maximum number of entities one request (or one transaction outside a request) may
	 * load before the guard acts. 0 turns the guard off.
	 */
	private int maxEntitiesPerRequest = 20000;

	/**
	 * What the guard does when a request loads more entities than allowed.
	 */
	private EntityLoadGuard.Mode guardMode = EntityLoadGuard.Mode.WARN;

	/**
	 * What the startup check does on PostgreSQL when no index leads with the columns an
	 * endpoint sorts or scrolls by (@PageParams sortable and default sorts, plus the id
	 * for keyset scrolling): warn with the CREATE INDEX CONCURRENTLY statement, fail
	 * startup, or skip the check.
	 */
	private SortIndexCheck.Mode indexCheck = SortIndexCheck.Mode.WARN;

	private final Page page = new Page();

	private final Export export = new Export();

	private final Batch batch = new Batch();

	public String getCursorSecret() {
		return this.cursorSecret;
	}

	public void setCursorSecret(String cursorSecret) {
		this.cursorSecret = cursorSecret;
	}

	public int getMaxEntitiesPerRequest() {
		return this.maxEntitiesPerRequest;
	}

	public void setMaxEntitiesPerRequest(int maxEntitiesPerRequest) {
		this.maxEntitiesPerRequest = maxEntitiesPerRequest;
	}

	public EntityLoadGuard.Mode getGuardMode() {
		return this.guardMode;
	}

	public void setGuardMode(EntityLoadGuard.Mode guardMode) {
		this.guardMode = guardMode;
	}

	public SortIndexCheck.Mode getIndexCheck() {
		return this.indexCheck;
	}

	public void setIndexCheck(SortIndexCheck.Mode indexCheck) {
		this.indexCheck = indexCheck;
	}

	public Page getPage() {
		return this.page;
	}

	public Export getExport() {
		return this.export;
	}

	public Batch getBatch() {
		return this.batch;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == MemguardDataProperties.class || type == Page.class || type == Export.class
				|| type == Batch.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof MemguardDataProperties) {
			if (this.cursorSecret != null && !this.cursorSecret.isEmpty()
					&& this.cursorSecret.length() < CursorCodec.MIN_SECRET_LENGTH) {
				// not a field error, which would print the secret
				errors.reject("invalid", "memguard.data.cursor-secret has " + this.cursorSecret.length()
						+ " characters; cursor signing needs at least " + CursorCodec.MIN_SECRET_LENGTH);
			}
			PropertyChecks.rejectIfNegative(errors, "maxEntitiesPerRequest", this.maxEntitiesPerRequest);
		}
		else if (target instanceof Page page) {
			PropertyChecks.rejectUnless(errors, "maxSize", page.getMaxSize() >= 1, "at least 1");
			PropertyChecks.rejectUnless(errors, "defaultSize",
					page.getDefaultSize() >= 1 && page.getDefaultSize() <= page.getMaxSize(),
					"from 1 to memguard.data.page.max-size (" + page.getMaxSize() + ")");
		}
		else if (target instanceof Export export) {
			PropertyChecks.rejectUnless(errors, "fetchSize", export.getFetchSize() >= 1,
					"at least 1 (a fetch size of 0 makes the driver read the whole result into memory)");
			PropertyChecks.rejectUnless(errors, "clearEvery", export.getClearEvery() >= 1, "at least 1");
		}
		else if (target instanceof Batch batch) {
			PropertyChecks.rejectUnless(errors, "logEvery", batch.getLogEvery() >= 1, "at least 1");
		}
	}

	/**
	 * Page-size limits of {@link PageQuery} and {@link CursorQuery} parameters.
	 */
	public static class Page {

		/**
		 * Page size when the request has no page_size parameter.
		 */
		private int defaultSize = 50;

		/**
		 * Largest page_size a request may ask for; larger values are rejected with 400.
		 */
		private int maxSize = 100;

		public int getDefaultSize() {
			return this.defaultSize;
		}

		public void setDefaultSize(int defaultSize) {
			this.defaultSize = defaultSize;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Streaming exports.
	 */
	public static class Export {

		/**
		 * Rows the JDBC driver fetches per round trip while streaming.
		 */
		private int fetchSize = 1000;

		/**
		 * Rows after which the persistence context is cleared, so exported entities can
		 * be garbage collected.
		 */
		private int clearEvery = 1000;

		/**
		 * Whether CSV text cells starting with =, +, -, @, tab or carriage return are
		 * prefixed with a single quote, so that a spreadsheet shows them as text instead
		 * of running them as formulas. Turn off only for exports read by programs.
		 */
		private boolean neutralizeCsvFormulas = true;

		public int getFetchSize() {
			return this.fetchSize;
		}

		public void setFetchSize(int fetchSize) {
			this.fetchSize = fetchSize;
		}

		public int getClearEvery() {
			return this.clearEvery;
		}

		public void setClearEvery(int clearEvery) {
			this.clearEvery = clearEvery;
		}

		public boolean isNeutralizeCsvFormulas() {
			return this.neutralizeCsvFormulas;
		}

		public void setNeutralizeCsvFormulas(boolean neutralizeCsvFormulas) {
			this.neutralizeCsvFormulas = neutralizeCsvFormulas;
		}

	}

	/**
	 * Batch jobs.
	 */
	public static class Batch {

		/**
		 * Number of batches between two progress log lines.
		 */
		private int logEvery = 10;

		public int getLogEvery() {
			return this.logEvery;
		}

		public void setLogEvery(int logEvery) {
			this.logEvery = logEvery;
		}

	}

}
