package io.memguard.web.limits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body, read through {@link #getInputStream()} or {@link #getReader()},
 * stops at a size limit, and optionally at a deadline.
 */
class BodyLimitedRequest extends HttpServletRequestWrapper {

	private final long limit;

	private final BodyReadDeadlines.Deadline deadline;

	private LimitedServletInputStream inputStream;

	private BufferedReader reader;

	BodyLimitedRequest(HttpServletRequest request, long limit) {
		this(request, limit, null);
	}

	BodyLimitedRequest(HttpServletRequest request, long limit, BodyReadDeadlines.Deadline deadline) {
		super(request);
		this.limit = limit;
		this.deadline = deadline;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.reader != null) {
			throw new IllegalStateException("getReader() has already been called for this request");
		}
		return limitedStream();
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.reader == null) {
			if (this.inputStream != null) {
				throw new IllegalStateException("getInputStream() has already been called for this request");
			}
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			this.reader = new BufferedReader(new InputStreamReader(limitedStream(), charset));
		}
		return this.reader;
	}

	private LimitedServletInputStream limitedStream() throws IOException {
		if (this.inputStream == null) {
			this.inputStream = new LimitedServletInputStream(super.getInputStream(), this.limit, this.deadline);
		}
		return this.inputStream;
	}

	/**
	 * Whether the body was found longer than the limit.
	 * @return whether the limit was crossed
	 */
	boolean isLimitExceeded() {
		return this.inputStream != null && this.inputStream.isExceeded();
	}

}
