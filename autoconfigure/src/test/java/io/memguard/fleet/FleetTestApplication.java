package io.memguard.fleet;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.memguard.test.redis.EmbeddedRedis;
import io.memguard.websocket.WebSocketTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One instance of a fleet: the WebSocket test application (with its session limits),
 * requests that stay in flight until a test lets them go, and fleet mode on a given
 * Redis, with short lease and heartbeat times. {@link #main} runs one in a JVM of its
 * own, which a test can kill.
 */
public final class FleetTestApplication {

	/** The lease time of the test fleet. */
	static final String LEASE_TIME = "2s";

	private FleetTestApplication() {
	}

	/**
	 * Starts an instance on a random port.
	 * @param redisPort the Redis server's port
	 * @param properties further properties
	 * @return the running instance
	 */
	static ConfigurableApplicationContext start(int redisPort, String... properties) {
		return new SpringApplicationBuilder(WebSocketTestApplication.class, HoldController.class)
			.properties("server.port=0", "spring.config.import=classpath:websocket-limits-test.properties",
					"spring.application.name=fleet-test", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redisPort, "memguard.fleet.enabled=true",
					"memguard.fleet.lease-time=" + LEASE_TIME, "memguard.fleet.instance-ttl=1500ms",
					// generous for a loaded test machine: a slow answer must not fail
					// open
					"memguard.fleet.timeout=500ms", "memguard.fleet.recovery-interval=200ms",
					"memguard.web.max-concurrent-per-client=2")
			.properties(properties)
			.run(EmbeddedRedis.AUTO_CONFIGURATION);
	}

	/**
	 * Runs an instance until its JVM is killed, printing {@code PORT=<port>} once it
	 * serves.
	 * @param args the Redis server's port
	 */
	public static void main(String[] args) throws InterruptedException {
		ConfigurableApplicationContext context = start(Integer.parseInt(args[0]));
		System.out.println("PORT=" + context.getEnvironment().getProperty("local.server.port"));
		System.out.flush();
		new CountDownLatch(1).await();
	}

	/**
	 * Requests that stay in flight until {@link #releaseHeld()}.
	 */
	@RestController
	static class HoldController {

		static final Semaphore entered = new Semaphore(0);

		static volatile CountDownLatch release = new CountDownLatch(1);

		@GetMapping("/fleet/hold")
		String hold() throws InterruptedException {
			CountDownLatch latch = release;
			entered.release();
			latch.await(60, TimeUnit.SECONDS);
			return "released";
		}

		@GetMapping("/fleet/ok")
		String ok() {
			return "ok";
		}

		static void releaseHeld() {
			CountDownLatch latch = release;
			release = new CountDownLatch(1);
			latch.countDown();
		}

	}

}
