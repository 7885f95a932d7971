package io.memguard.benchmarks.overload;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client on one socket: keeps the connection while the server
 * allows it, reconnects when it does not. Much cheaper per request than
 * {@code java.net.http.HttpClient}, so that on a 2-core machine the driver does not take
 * the server's CPU, and in full control of how a body is sent (chunked, slowly).
 */
final class HttpConnection implements Closeable {

	private static final byte[] BODY_BYTES = new byte[64 * 1024];

	private static final int CAPTURED_BODY_LIMIT = 8 * 1024;

	private final InetSocketAddress address;

	private final int timeoutMillis;

	private final byte[] scratch = new byte[16 * 1024];

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	HttpConnection(InetSocketAddress address, int timeoutMillis) {
		this.address = address;
		this.timeoutMillis = timeoutMillis;
	}

	/**
	 * Sends the request and reads the whole answer.
	 * @param request the request
	 * @param captureBody whether to keep the start of the body
	 * @return the answer
	 * @throws IOException when no answer arrived
	 */
	Response exchange(RequestSpec request, boolean captureBody) throws IOException {
		boolean reused = this.socket != null;
		try {
			return attempt(request, captureBody);
		}
		catch (EOFException ex) {
			close();
			if (reused && request.body() == RequestSpec.Body.NONE) {
				// the server closed an idle kept-alive connection; any client retries
				// that
				return attempt(request, captureBody);
			}
			throw ex;
		}
	}

	private Response attempt(RequestSpec request, boolean captureBody) throws IOException {
		if (this.socket == null) {
			connect();
		}
		try {
			writeRequest(request);
		}
		catch (IOException ex) {
			// the server may have answered (413) and closed before the body was sent
			Response early = readEarlyAnswer(captureBody);
			close();
			if (early != null) {
				return early;
			}
			throw ex;
		}
		Response response = readResponse(request, captureBody);
		if (response.closesConnection()) {
			close();
		}
		return response;
	}

	private void connect() throws IOException {
		Socket connection = new Socket();
		try {
			connection.setTcpNoDelay(true);
			connection.setSoTimeout(this.timeoutMillis);
			connection.connect(this.address, this.timeoutMillis);
		}
		catch (IOException ex) {
			connection.close();
			throw ex;
		}
		this.socket = connection;
		this.in = new BufferedInputStream(connection.getInputStream(), 16 * 1024);
		this.out = new BufferedOutputStream(connection.getOutputStream(), 16 * 1024);
	}

	private void writeRequest(RequestSpec request) throws IOException {
		StringBuilder head = new StringBuilder(256);
		head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(this.address.getHostString()).append(':').append(this.address.getPort());
		head.append("\r\nUser-Agent: memguard-overload-harness\r\nAccept: */*\r\n");
		for (String header : request.headers()) {
			head.append(header).append("\r\n");
		}
		switch (request.body()) {
			case CONTENT_LENGTH -> head.append("Content-Type: application/octet-stream\r\nContent-Length: ")
				.append(request.bodyBytes())
				.append("\r\n");
			case CHUNKED -> head.append("Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n");
			case NONE -> {
			}
		}
		head.append("\r\n");
		this.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
		if (request.body() != RequestSpec.Body.NONE) {
			writeBody(request);
		}
		this.out.flush();
	}

	private void writeBody(RequestSpec request) throws IOException {
		boolean chunked = request.body() == RequestSpec.Body.CHUNKED;
		// a slow client sends a tenth of its rate every 100 ms
		int piece = (request.bytesPerSecond() > 0) ? (int) Math.max(1, request.bytesPerSecond() / 10)
				: BODY_BYTES.length;
		long start = System.nanoTime();
		long sent = 0;
		while (sent < request.bodyBytes()) {
			int length = (int) Math.min(Math.min(piece, BODY_BYTES.length), request.bodyBytes() - sent);
			if (chunked) {
				this.out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			}
			this.out.write(BODY_BYTES, 0, length);
			if (chunked) {
				this.out.write('\r');
				this.out.write('\n');
			}
			sent += length;
			if (request.bytesPerSecond() > 0) {
				this.out.flush();
				pace(start, sent, request.bytesPerSecond());
			}
		}
		if (chunked) {
			this.out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
	}

	private static void pace(long start, long sent, long bytesPerSecond) throws IOException {
		long due = start + sent * 1_000_000_000L / bytesPerSecond;
		long wait = due - System.nanoTime();
		if (wait > 0) {
			try {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while sending a body", ex);
			}
		}
	}

	private Response readEarlyAnswer(boolean captureBody) {
		try {
			this.socket.setSoTimeout(1000);
			return readResponse(RequestSpec.get("/"), captureBody);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private Response readResponse(RequestSpec request, boolean captureBody) throws IOException {
		String statusLine = readLine();
		if (statusLine == null) {
			throw new EOFException("Connection closed before the status line");
		}
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
			throw new IOException("Not an HTTP/1.x status line: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long contentLength = -1;
		boolean chunked = false;
		boolean close = statusLine.startsWith("HTTP/1.0");
		for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
			switch (name) {
				case "content-length" -> contentLength = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.contains("chunked");
				case "connection" -> close = close || value.contains("close");
				default -> {
				}
			}
		}
		ByteArrayOutputStream body = captureBody ? new ByteArrayOutputStream() : null;
		if ("HEAD".equals(request.method()) || status == 204 || status == 304 || (status >= 100 && status < 200)) {
			// no body
		}
		else if (chunked) {
			readChunked(body);
		}
		else if (contentLength >= 0) {
			skip(contentLength, body);
		}
		else {
			skip(Long.MAX_VALUE, body);
			close = true;
		}
		return new Response(status, (body != null) ? body.toString(StandardCharsets.UTF_8) : "", close);
	}

	private void readChunked(ByteArrayOutputStream body) throws IOException {
		while (true) {
			String sizeLine = readLine();
			if (sizeLine == null) {
				throw new EOFException("Connection closed inside a chunked body");
			}
			int extension = sizeLine.indexOf(';');
			long size = Long.parseLong((extension >= 0) ? sizeLine.substring(0, extension).trim() : sizeLine.trim(),
					16);
			if (size == 0) {
				for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
					// trailers are not used
				}
				return;
			}
			skip(size, body);
			readLine();
		}
	}

	private void skip(long bytes, ByteArrayOutputStream body) throws IOException {
		long remaining = bytes;
		while (remaining > 0) {
			int read = this.in.read(this.scratch, 0, (int) Math.min(this.scratch.length, remaining));
			if (read < 0) {
				if (bytes == Long.MAX_VALUE) {
					return;
				}
				throw new EOFException("Connection closed inside the body");
			}
			if (body != null && body.size() < CAPTURED_BODY_LIMIT) {
				body.write(this.scratch, 0, Math.min(read, CAPTURED_BODY_LIMIT - body.size()));
			}
			remaining -= read;
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int read = this.in.read(); read != '\n'; read = this.in.read()) {
			if (read < 0) {
				return line.isEmpty() ? null : line.toString();
			}
			if (read != '\r') {
				line.append((char) read);
			}
		}
		return line.toString();
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing a broken connection; nothing left to do
			}
			this.socket = null;
		}
	}

	/**
	 * How one exchange failed, for the report.
	 * @param ex the failure
	 * @return a short name
	 */
	static String failureName(IOException ex) {
		if (ex instanceof SocketTimeoutException) {
			return "timeout";
		}
		if (ex instanceof java.net.ConnectException) {
			return "refused";
		}
		if (ex instanceof EOFException) {
			return "closed";
		}
		return "reset";
	}

	/**
	 * An answer.
	 *
	 * @param status the status code
	 * @param body the start of the body when captured, else empty
	 * @param closesConnection whether the server closes the connection after it
	 */
	record Response(int status, String body, boolean closesConnection) {

	}

}
