package io.memguard.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * JUnit extension that gives a test class a real Redis 6.2 server of its own (the binary
 * bundled by {@code embedded-redis}), on a free loopback port, without persistence. Tests
 * may {@link #stop()} and {@link #start()} it again on the same port to play an outage; a
 * restarted server is empty, as a real one without persistence would be. Use it as a
 * static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static EmbeddedRedis redis = new EmbeddedRedis();
 * </pre>
 */
public class EmbeddedRedis implements BeforeAllCallback, AfterAllCallback {

	/**
	 * Command-line argument that lets Spring Boot's Redis auto-configuration in: the
	 * tests' {@code application.properties} keeps it out of every other test application.
	 */
	public static final String AUTO_CONFIGURATION = "--spring.autoconfigure.exclude=";

	private volatile int port;

	private volatile RedisServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/**
	 * Starts the server, on the port it had before if it ran already.
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		if (this.port == 0) {
			this.port = freePort();
		}
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(this.port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			this.server = server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded Redis on port " + this.port, ex);
		}
	}

	/**
	 * Stops the server; its data is lost.
	 */
	public synchronized void stop() {
		RedisServer server = this.server;
		this.server = null;
		if (server != null) {
			try {
				server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not stop embedded Redis", ex);
			}
		}
	}

	/**
	 * The server's port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The {@code spring.data.redis.*} properties of this server.
	 * @return the properties
	 */
	public Map<String, Object> springProperties() {
		return Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", this.port);
	}

	/**
	 * Registers the {@code spring.data.redis.*} properties of this server.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerSpringProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", this::port);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
