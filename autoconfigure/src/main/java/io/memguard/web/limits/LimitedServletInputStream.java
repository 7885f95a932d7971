package io.memguard.web.limits;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * A {@link ServletInputStream} that hands out at most a limit of bytes and throws
 * {@link RequestBodyTooLargeException} as soon as the body is found to be longer. It
 * never reads more than one byte past the limit from the underlying stream, and never
 * returns a byte past it. With a deadline, it tells the deadline about every read and
 * throws {@link RequestBodyTimeoutException} once the deadline has passed.
 */
class LimitedServletInputStream extends ServletInputStream {

	private final ServletInputStream delegate;

	private final long limit;

	private final BodyReadDeadlines.Deadline deadline;

	private long count;

	private volatile boolean exceeded;

	LimitedServletInputStream(ServletInputStream delegate, long limit, BodyReadDeadlines.Deadline deadline) {
		this.delegate = delegate;
		this.limit = limit;
		this.deadline = deadline;
	}

	@Override
	public int read() throws IOException {
		checkNotExceeded();
		readStarting();
		int next = -1;
		boolean returned = false;
		try {
			next = this.delegate.read();
			returned = true;
		}
		finally {
			readEnded(returned ? ((next != -1) ? 1 : -1) : 0);
		}
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
		readStarting();
		int read = 0;
		try {
			read = this.delegate.read(buffer, offset, allowed);
		}
		finally {
			readEnded(read);
		}
		if (read > 0) {
			count(read);
		}
		return read;
	}

	private void readStarting() throws RequestBodyTimeoutException {
		if (this.deadline != null) {
			this.deadline.readStarting();
		}
	}

	private void readEnded(int read) throws RequestBodyTimeoutException {
		if (this.deadline != null) {
			this.deadline.readEnded(read);
		}
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
