package io.memguard.web;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Releases what a filter reserved for an asynchronous request exactly once, when the
 * response really completes, however it ends: completion, error or timeout.
 */
public final class ReleaseOnAsyncCompletion implements AsyncListener {

	private final AtomicBoolean released = new AtomicBoolean();

	private final Runnable release;

	private ReleaseOnAsyncCompletion(Runnable release) {
		this.release = release;
	}

	/**
	 * Defers a release to the completion of the request's asynchronous processing, when
	 * the filter chain returned with it started.
	 * @param request the request
	 * @param release what to run once the response is complete
	 * @return {@code true} when the release was deferred, {@code false} when the caller
	 * must release now (the request is not asynchronous, or already over)
	 */
	public static boolean defer(HttpServletRequest request, Runnable release) {
		if (!request.isAsyncStarted()) {
			return false;
		}
		try {
			request.getAsyncContext().addListener(new ReleaseOnAsyncCompletion(release));
			return true;
		}
		catch (IllegalStateException ex) {
			// the asynchronous request is already over
			return false;
		}
	}

	private void release() {
		if (this.released.compareAndSet(false, true)) {
			this.release.run();
		}
	}

	@Override
	public void onComplete(AsyncEvent event) {
		release();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		// the request does no more work; the completion that follows finds it released
		release();
	}

	@Override
	public void onError(AsyncEvent event) {
		release();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
		// a new asynchronous cycle on the same request drops this listener unless it
		// registers again
		event.getAsyncContext().addListener(this);
	}

}
