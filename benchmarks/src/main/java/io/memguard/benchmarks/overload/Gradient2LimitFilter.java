package io.memguard.benchmarks.overload;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A thin servlet filter around a Netflix {@link Limiter}: a request the limiter refuses
 * gets an empty {@code 503}; an admitted one reports success (or, when it throws,
 * "ignore") when it completes, after its async processing if it started any. Actuator
 * paths pass untouched so that readiness stays observable, as Memguard exempts them.
 */
class Gradient2LimitFilter extends OncePerRequestFilter {

	private final Limiter<Void> limiter;

	Gradient2LimitFilter(Limiter<Void> limiter) {
		this.limiter = limiter;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Limiter.Listener> acquired = this.limiter.acquire(null);
		if (acquired.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			return;
		}
		Completion completion = new Completion(acquired.get());
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			completion.ignore();
			throw ex;
		}
		if (request.isAsyncStarted()) {
			request.getAsyncContext().addListener(completion);
		}
		else {
			completion.succeed();
		}
	}

	/**
	 * Reports an admitted request to the limiter exactly once.
	 */
	private static final class Completion implements AsyncListener {

		private final Limiter.Listener listener;

		private final AtomicBoolean reported = new AtomicBoolean();

		Completion(Limiter.Listener listener) {
			this.listener = listener;
		}

		void succeed() {
			if (this.reported.compareAndSet(false, true)) {
				this.listener.onSuccess();
			}
		}

		void ignore() {
			if (this.reported.compareAndSet(false, true)) {
				this.listener.onIgnore();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			succeed();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			ignore();
		}

		@Override
		public void onError(AsyncEvent event) {
			ignore();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
