package io.memguard.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A session of the JDK's WebSocket client that records what the server sends, for the
 * tests here and the sample app's.
 */
public final class JdkWebSocketClient implements WebSocket.Listener {

	private static final long TIMEOUT_SECONDS = 30;

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();

	private final StringBuilder text = new StringBuilder();

	private volatile String closeReason;

	private volatile WebSocket webSocket;

	private JdkWebSocketClient() {
	}

	/**
	 * Opens a session.
	 * @param http the client
	 * @param uri the endpoint
	 * @return the open session
	 * @throws AssertionError when the handshake is refused
	 */
	public static JdkWebSocketClient connect(HttpClient http, String uri) throws Exception {
		JdkWebSocketClient client = new JdkWebSocketClient();
		try {
			http.newWebSocketBuilder().buildAsync(URI.create(uri), client).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				throw new AssertionError("Handshake refused: " + handshake.getResponse().statusCode());
			}
			throw ex;
		}
		return client;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.webSocket = webSocket;
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.texts.add(this.text.toString());
			this.text.setLength(0);
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closeCode.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeCode.completeExceptionally(error);
	}

	/**
	 * Waits for the server to close the session.
	 * @return the close code
	 */
	public int awaitCloseCode() throws Exception {
		return this.closeCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	public String closeReason() {
		return this.closeReason;
	}

	/**
	 * Waits for the next text message.
	 * @return the message, or {@code null} when none came in time
	 */
	public String nextText() throws InterruptedException {
		return this.texts.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	public void send(String message) throws Exception {
		this.webSocket.sendText(message, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * Sends a message and waits for the next one from the server.
	 * @param message the message
	 * @return the answer
	 */
	public String echo(String message) throws Exception {
		send(message);
		return nextText();
	}

	/**
	 * Drops the connection without a close handshake.
	 */
	public void abort() {
		this.webSocket.abort();
	}

}
