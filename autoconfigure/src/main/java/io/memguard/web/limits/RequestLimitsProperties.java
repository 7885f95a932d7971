package io.memguard.web.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.properties.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Request body and concurrency limits of the servlet filters. Validated by the binder.
 */
@ConfigurationProperties("memguard.web")
public class RequestLimitsProperties implements Validator {

	/**
	 * Largest request body accepted. A negative size means no limit.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(15);

	/**
	 * Body size limits for paths that need another one, by path pattern (for example
	 * "/files/**"). The most specific matching pattern wins; a negative size means no
	 * limit.
	 */
	private Map<String, DataSize> bodySizeOverrides = new LinkedHashMap<>();

	/**
	 * Largest number of requests in flight at once, over all clients. 0 means no limit.
	 */
	private int maxConcurrentRequests;

	/**
	 * Largest number of requests one client may have in flight at once. 0 means no limit.
	 */
	private int maxConcurrentPerClient;

	/**
	 * Request header that names the client address, trusted only when the request comes
	 * from one of the trusted proxies.
	 */
	private String clientAddressHeader = "X-Forwarded-For";

	/**
	 * Addresses or CIDR ranges of the proxies whose client address header is trusted.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Path patterns never counted against the concurrency limits. When not set, the
	 * actuator base path.
	 */
	private List<String> concurrencyExemptPaths;

	/**
	 * Delay clients are asked to wait before retrying a request refused for concurrency
	 * (jittered up to +50%).
	 */
	private Duration concurrencyRetryAfter = Duration.ofSeconds(1);

	/**
	 * How long an admitted request may wait for its body before it gives its concurrency
	 * slot back and its body reads fail with 408, when a concurrency cap is set. Zero
	 * turns the deadline off.
	 */
	private Duration bodyReadTimeout = Duration.ofSeconds(10);

	/**
	 * Body rate, per second, that extends the body read deadline: one more second for
	 * each such amount received, so large uploads at this rate or faster are never cut
	 * off.
	 */
	private DataSize minBodyRate = DataSize.ofKilobytes(64);

	private final Compression compression = new Compression();

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public Map<String, DataSize> getBodySizeOverrides() {
		return this.bodySizeOverrides;
	}

	public void setBodySizeOverrides(Map<String, DataSize> bodySizeOverrides) {
		this.bodySizeOverrides = bodySizeOverrides;
	}

	public int getMaxConcurrentRequests() {
		return this.maxConcurrentRequests;
	}

	public void setMaxConcurrentRequests(int maxConcurrentRequests) {
		this.maxConcurrentRequests = maxConcurrentRequests;
	}

	public int getMaxConcurrentPerClient() {
		return this.maxConcurrentPerClient;
	}

	public void setMaxConcurrentPerClient(int maxConcurrentPerClient) {
		this.maxConcurrentPerClient = maxConcurrentPerClient;
	}

	public String getClientAddressHeader() {
		return this.clientAddressHeader;
	}

	public void setClientAddressHeader(String clientAddressHeader) {
		this.clientAddressHeader = clientAddressHeader;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public List<String> getConcurrencyExemptPaths() {
		return this.concurrencyExemptPaths;
	}

	public void setConcurrencyExemptPaths(List<String> concurrencyExemptPaths) {
		this.concurrencyExemptPaths = concurrencyExemptPaths;
	}

	public Duration getConcurrencyRetryAfter() {
		return this.concurrencyRetryAfter;
	}

	public void setConcurrencyRetryAfter(Duration concurrencyRetryAfter) {
		this.concurrencyRetryAfter = concurrencyRetryAfter;
	}

	public Duration getBodyReadTimeout() {
		return this.bodyReadTimeout;
	}

	public void setBodyReadTimeout(Duration bodyReadTimeout) {
		this.bodyReadTimeout = bodyReadTimeout;
	}

	public DataSize getMinBodyRate() {
		return this.minBodyRate;
	}

	public void setMinBodyRate(DataSize minBodyRate) {
		this.minBodyRate = minBodyRate;
	}

	public Compression getCompression() {
		return this.compression;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == RequestLimitsProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks.rejectIfNegative(errors, "maxConcurrentRequests", this.maxConcurrentRequests);
		PropertyChecks.rejectIfNegative(errors, "maxConcurrentPerClient", this.maxConcurrentPerClient);
		PropertyChecks.rejectIfNegative(errors, "concurrencyRetryAfter", this.concurrencyRetryAfter);
		PropertyChecks.rejectIfNegative(errors, "bodyReadTimeout", this.bodyReadTimeout);
		PropertyChecks.rejectIfNegative(errors, "minBodyRate", this.minBodyRate);
		for (String proxy : this.trustedProxies) {
			String problem = ClientKeyResolver.trustedProxyProblem(proxy);
			PropertyChecks.rejectUnless(errors, "trustedProxies", problem == null,
					"IP addresses or CIDR ranges (host names are not resolved), but " + problem);
		}
	}

	/**
	 * Response compression.
	 */
	public static class Compression {

		/**
		 * Whether to turn on gzip for JSON, NDJSON, CSV, problem+json and text responses
		 * over 1 KB where server.compression.* is not set.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
