package io.memguard.web;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * A {@link ServletInputStream} that hands out at most a limit of bytes and throws
 * {@link RequestBodyTooLargeException} as soon as the body is found to be longer. It
 * never reads more than one byte past the limit from the underlying stream, and never
 * returns a byte past it.
 */
class LimitedServletInputStream extends ServletInputStream {

	private final ServletInputStream delegate;

	private final long limit;

	private long count;

	private volatile boolean exceeded;

	LimitedServletInputStream(ServletInputStream delegate, long limit) {
		this.delegate = delegate;
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		checkNotExceeded();
		int next = this.delegate.read();
		if (next != -1) {
			count(1);
		}
		return next;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		checkNotExceeded();
		if (length == 0) {
			return 0;
		}
		// One byte more than allowed is enough to tell that the body is too long. Added
		// after the minimum, so that a limit of Long.MAX_VALUE cannot overflow.
		int allowed = (int) Math.min(length - 1L, this.limit - this.count) + 1;
		int read = this.delegate.read(buffer, offset, allowed);
		if (read > 0) {
			count(read);
		}
		return read;
	}

	private void count(int read) throws RequestBodyTooLargeException {
		this.count += read;
		if (this.count > this.limit) {
			this.exceeded = true;
			throw new RequestBodyTooLargeException(this.limit);
		}
	}

	private void checkNotExceeded() throws RequestBodyTooLargeException {
		if (this.exceeded) {
			throw new RequestBodyTooLargeException(this.limit);
		}
	}

	/**
	 * Whether a read found the body longer than the limit.
	 * @return whether the limit was crossed
	 */
	boolean isExceeded() {
		return this.exceeded;
	}

	@Override
	public int available() throws IOException {
		return (int) Math.min(this.delegate.available(), Math.max(0, this.limit - this.count));
	}

	@Override
	public boolean isFinished() {
		return this.exceeded || this.delegate.isFinished();
	}

	@Override
	public boolean isReady() {
		return this.delegate.isReady();
	}

	@Override
	public void setReadListener(ReadListener readListener) {
		this.delegate.setReadListener(readListener);
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

}
