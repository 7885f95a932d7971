package io.memguard.rejection;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Tomcat drains the unread body of every request before it can close the connection or
 * read the next request: up to {@code server.tomcat.max-swallow-size} (2 MB), each read
 * waiting up to the connection timeout, even when the response says
 * {@code Connection: close}. A client that stops sending its body after a rejection would
 * pin a worker thread that long. After a Memguard rejection whose connection closes
 * (Tomcat closes it itself after a 413 or a 503), this valve tells Tomcat not to read the
 * rest of the body, as Tomcat does for an aborted upload: the response is sent and the
 * connection closed at once (Tomcat's error report valve closes it right after the
 * response, which therefore carries a {@code Content-Length}).
 */
class RejectedRequestValve extends ValveBase {

	RejectedRequestValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (response.getStatus() >= 400 && response.getHeader(ProblemResponses.REASON_HEADER) != null
				&& "close".equalsIgnoreCase(response.getHeader("Connection"))
				&& ProblemResponses.declaresBody(request)) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
	}

}
