package io.memguard.websocket;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what well-behaved client libraries never do:
 * vanish without a close frame, reset the connection, or stop reading. Speaks just enough
 * of RFC 6455 for the tests and the benchmarks.
 */
public final class RawWebSocket implements Closeable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final int status;

	private final Map<String, String> headers;

	private final String body;

	private RawWebSocket(Socket socket, int status, Map<String, String> headers, String body) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
		this.status = status;
		this.headers = headers;
		this.body = body;
	}

	public static RawWebSocket connect(int port, String pathAndQuery) throws IOException {
		return connect(port, pathAndQuery, Map.of(), 0);
	}

	/**
	 * Sends a handshake and reads the answer.
	 * @param port the server port
	 * @param pathAndQuery the request target
	 * @param extraHeaders more request headers
	 * @param receiveBufferSize the socket's receive buffer, or 0 for the default
	 * @return the client, open when {@link #status()} is 101
	 */
	static RawWebSocket connect(int port, String pathAndQuery, Map<String, String> extraHeaders, int receiveBufferSize)
			throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(30_000);
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		StringBuilder request = new StringBuilder().append("GET ")
			.append(pathAndQuery)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
			.append(port)
			.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
			.append(Base64.getEncoder().encodeToString(key))
			.append("\r\n");
		if (!extraHeaders.containsKey("Sec-WebSocket-Version")) {
			request.append("Sec-WebSocket-Version: 13\r\n");
		}
		extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		InputStream in = socket.getInputStream();
		String statusLine = readLine(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		String body = (status == 101) ? "" : readBody(in, headers);
		return new RawWebSocket(socket, status, headers, body);
	}

	private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
		if (headers.containsKey("content-length")) {
			return new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
		}
		if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			return "";
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0; size = Integer
			.parseInt(readLine(in).trim(), 16)) {
			body.write(in.readNBytes(size));
			readLine(in);
		}
		readLine(in);
		return body.toString(StandardCharsets.UTF_8);
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = in.read();
			if (next < 0) {
				throw new EOFException("Connection closed after: " + line);
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
	}

	public int status() {
		return this.status;
	}

	String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	String body() {
		return this.body;
	}

	/**
	 * Sends a masked text frame.
	 */
	void sendText(String text) throws IOException {
		sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a close frame and waits for the server's.
	 */
	Frame closeNormally() throws IOException {
		sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 });
		return awaitClose();
	}

	private void sendFrame(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Reads the next frame from the server.
	 */
	Frame readFrame() throws IOException {
		int first = this.in.read();
		int second = this.in.read();
		if (first < 0 || second < 0) {
			throw new EOFException("Connection closed");
		}
		long length = second & 0x7F;
		if (length == 126) {
			length = ((this.in.read() & 0xFF) << 8) | (this.in.read() & 0xFF);
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | (this.in.read() & 0xFF);
			}
		}
		byte[] payload = this.in.readNBytes((int) length);
		return new Frame(first & 0x0F, payload);
	}

	/**
	 * Reads frames until the server's close frame.
	 */
	Frame awaitClose() throws IOException {
		while (true) {
			Frame frame = readFrame();
			if (frame.opcode() == 0x8) {
				return frame;
			}
		}
	}

	/**
	 * Resets the connection: SO_LINGER 0 makes the close send a TCP RST.
	 */
	void kill() throws IOException {
		if (this.socket.isClosed()) {
			return;
		}
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	/**
	 * Closes the socket without a close frame (a TCP FIN only).
	 */
	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A frame from the server.
	 */
	record Frame(int opcode, byte[] payload) {

		int closeCode() {
			return (this.payload.length < 2) ? 1005 : ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
		}

		String closeReason() {
			return (this.payload.length <= 2) ? ""
					: new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8);
		}

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
