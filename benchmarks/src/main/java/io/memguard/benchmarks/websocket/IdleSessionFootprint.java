package io.memguard.benchmarks.websocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.websocket.RawWebSocket;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Heap held per open idle WebSocket session on Tomcat, and the wall time of a handshake,
 * seen from a client in another JVM (so that the client's sockets are not in the heap
 * measured). The server holds each session in its handler, as applications do; the
 * {@code user} query parameter names the session's user. Usage:
 * {@code IdleSessionFootprint <sessions> [property=value ...]}, for example
 * {@code memguard.websocket.enabled=false} for the bare Spring endpoint.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class IdleSessionFootprint {

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("client")) {
			runClients(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
			return;
		}
		int sessions = Integer.parseInt(args[0]);
		List<String> properties = new ArrayList<>(List.of("server.port=0", "logging.level.root=WARN",
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"management.endpoints.access.default=none"));
		properties.addAll(List.of(args).subList(1, args.length));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IdleSessionFootprint.class)
			.properties(properties.toArray(String[]::new))
			.run()) {
			IdleHandler handler = context.getBean(IdleHandler.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			warmUp(port, handler);
			long before = liveHeap();
			Process clients = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
					"-cp", System.getProperty("java.class.path"), IdleSessionFootprint.class.getName(), "client",
					Integer.toString(port), Integer.toString(sessions))
				.redirectErrorStream(true)
				.start();
			BufferedReader output = new BufferedReader(
					new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
			String handshakeLine = output.readLine();
			while (handler.sessions.size() < sessions) {
				if (!clients.isAlive()) {
					throw new IllegalStateException("Clients failed: " + handshakeLine + " " + output.readLine());
				}
				Thread.sleep(100);
			}
			long after = liveHeap();
			System.out.printf("%s%n%d idle sessions: %.1f KB of live heap each (%.1f MB in all)%n", handshakeLine,
					sessions, (after - before) / 1024.0 / sessions, (after - before) / 1024.0 / 1024.0);
			clients.getOutputStream().close();
			clients.waitFor();
		}
	}

	private static void warmUp(int port, IdleHandler handler) throws Exception {
		for (int i = 0; i < 200; i++) {
			RawWebSocket socket = RawWebSocket.connect(port, "/ws/idle/warmup" + (i % 20) + "?user=w" + i);
			socket.close();
		}
		while (!handler.sessions.isEmpty()) {
			Thread.sleep(100);
		}
	}

	private static long liveHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Opens the sessions one after the other (ten per room, three per user), prints the
	 * mean handshake time, then holds them until its input closes.
	 */
	private static void runClients(int port, int sessions) throws IOException {
		List<RawWebSocket> open = new ArrayList<>(sessions);
		long start = System.nanoTime();
		for (int i = 0; i < sessions; i++) {
			RawWebSocket socket = RawWebSocket.connect(port, "/ws/idle/room" + (i / 10) + "?user=user" + (i / 3));
			if (socket.status() != 101) {
				throw new IllegalStateException("Handshake refused: " + socket.status());
			}
			open.add(socket);
		}
		System.out.printf("%d handshakes, %.0f us each on average%n", sessions,
				(System.nanoTime() - start) / 1000.0 / sessions);
		System.out.flush();
		System.in.read();
		for (RawWebSocket socket : open) {
			socket.close();
		}
	}

	@Bean
	IdleHandler idleHandler() {
		return new IdleHandler();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class Endpoint implements WebSocketConfigurer {

		private final IdleHandler handler;

		Endpoint(IdleHandler handler) {
			this.handler = handler;
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(this.handler, "/ws/idle/{room}").setHandshakeHandler(new DefaultHandshakeHandler() {

				@Override
				protected Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
						Map<String, Object> attributes) {
					String user = UriComponentsBuilder.fromUri(request.getURI())
						.build()
						.getQueryParams()
						.getFirst("user");
					return (user != null) ? () -> user : null;
				}

			});
		}

	}

	/**
	 * Holds every open session, as a presence or room handler would.
	 */
	static class IdleHandler extends TextWebSocketHandler {

		final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.sessions.add(session);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.sessions.remove(session);
		}

	}

}
