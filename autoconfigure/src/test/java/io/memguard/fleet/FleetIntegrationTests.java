package io.memguard.fleet;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.memguard.fleet.FleetTestApplication.HoldController;
import io.memguard.test.Latencies;
import io.memguard.test.redis.EmbeddedRedis;
import io.memguard.websocket.JdkWebSocketClient;
import io.memguard.websocket.RawWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of an application (two application contexts on real Tomcats) and, for the
 * kill test, a third in a JVM of its own, sharing their limits through one real Redis:
 * per user 3 WebSocket sessions on {@code /ws/presence}, per client 2 requests in flight.
 */
class FleetIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String CLIENT = "address:127.0.0.1";

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	static ConfigurableApplicationContext instanceA;

	static ConfigurableApplicationContext instanceB;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final List<JdkWebSocketClient> sessions = new ArrayList<>();

	private final List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();

	@BeforeAll
	static void startTwoInstances() {
		instanceA = FleetTestApplication.start(redis.port());
		instanceB = FleetTestApplication.start(redis.port());
	}

	@AfterAll
	static void stopInstances() {
		if (instanceB != null) {
			instanceB.close();
		}
		if (instanceA != null) {
			instanceA.close();
		}
	}

	@AfterEach
	void closeEverything() {
		this.sessions.forEach(JdkWebSocketClient::abort);
		HoldController.releaseHeld();
		this.held.forEach(CompletableFuture::join);
		// no lease left anywhere, the forked instance's included
		await().atMost(WAIT)
			.until(() -> leases(instanceA).heldLeases() == 0 && leases(instanceB).heldLeases() == 0
					&& redis(instanceA).isAvailable()
					&& leases(instanceA).count(FleetClientLeaseStore.SCOPE, CLIENT) == 0);
	}

	@Test
	void fourthSessionOfAUserOnAnyInstanceIsRefusedAndOneClosingMakesRoomOnAnother() throws Exception {
		JdkWebSocketClient first = open(instanceA, "alice");
		open(instanceA, "alice");
		open(instanceB, "alice");
		assertThat(handshakeStatus(instanceA, "alice")).isEqualTo(429);
		assertThat(handshakeStatus(instanceB, "alice")).isEqualTo(429);
		assertThat(open(instanceB, "bob").echo("hi")).isEqualTo("bob:hi");

		first.abort();
		await().atMost(WAIT).until(() -> handshakeStatus(instanceB, "alice") == 101);
	}

	@Test
	void clientsThirdRequestInFlightAcrossInstancesGets429() throws Exception {
		long localDecisions = redis(instanceA).failOpenState().localDecisions();
		hold(instanceA);
		hold(instanceB);
		HttpResponse<String> third = get(instanceA, "/fleet/ok");
		assertThat(third.statusCode()).isEqualTo(429);
		assertThat(third.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(get(instanceB, "/fleet/ok").statusCode()).isEqualTo(429);

		HoldController.releaseHeld();
		this.held.forEach(CompletableFuture::join);
		await().atMost(WAIT).until(() -> get(instanceB, "/fleet/ok").statusCode() == 200);
		assertThat(redis(instanceA).failOpenState().localDecisions()).isEqualTo(localDecisions);
	}

	@Test
	void leasesOfAKilledInstanceExpireWithinTheLeaseTime() throws Exception {
		Process forked = fork();
		try {
			int port = awaitPort(forked);
			for (int i = 0; i < 3; i++) {
				this.sessions
					.add(JdkWebSocketClient.connect(this.http, "ws://127.0.0.1:" + port + "/ws/presence?user=carol"));
			}
			holdOn(port);
			holdOn(port);
			await().atMost(WAIT).until(() -> leases(instanceA).count(FleetClientLeaseStore.SCOPE, CLIENT) == 2);
			assertThat(handshakeStatus(instanceA, "carol")).isEqualTo(429);
			assertThat(get(instanceA, "/fleet/ok").statusCode()).isEqualTo(429);

			forked.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			long killed = System.nanoTime();
			Duration leaseTime = Duration.parse("PT" + FleetTestApplication.LEASE_TIME.toUpperCase());
			await().atMost(leaseTime.plusSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> handshakeStatus(instanceA, "carol") == 101
						&& leases(instanceA).count(FleetClientLeaseStore.SCOPE, CLIENT) == 0);
			Duration expiredAfter = Duration.ofNanos(System.nanoTime() - killed);
			System.out.printf("Leases of the killed instance expired %d ms after the kill (lease time %s)%n",
					expiredAfter.toMillis(), leaseTime);
			assertThat(get(instanceA, "/fleet/ok").statusCode()).isEqualTo(200);
		}
		finally {
			forked.destroyForcibly();
			this.held.clear();
		}
	}

	@Test
	void redisStoppedMidRunFallsBackToLocalLimitsWithoutErrorsAndLeavesNoStuckCount() throws Exception {
		hold(instanceA);
		open(instanceA, "dave");
		redis.stop();
		try {
			// local limits: this client has one request in flight on each instance now
			hold(instanceA);
			assertThat(get(instanceA, "/fleet/ok").statusCode()).isEqualTo(429);
			for (int i = 0; i < 20; i++) {
				assertThat(get(instanceB, "/fleet/ok").statusCode()).isEqualTo(200);
			}
			open(instanceB, "dave");
			open(instanceB, "dave");
			open(instanceB, "dave");
			assertThat(handshakeStatus(instanceB, "dave")).isEqualTo(429);
			assertThat(redis(instanceA).isAvailable()).isFalse();
			JsonNode failOpen = memory(instanceA).get("fleet").get("failOpen");
			assertThat(failOpen.get("failingOpen").asBoolean()).isTrue();
			assertThat(failOpen.get("localDecisions").asLong()).isPositive();
			assertThat(instanceA.getBean(MeterRegistry.class).get("memguard.fleet.failing.open").gauge().value())
				.isEqualTo(1);
		}
		finally {
			redis.start();
		}
		await().atMost(WAIT).until(() -> redis(instanceA).isAvailable() && redis(instanceB).isAvailable());
		// the restarted Redis is empty: the leases held now were registered again
		// (a lease a timed-out script took late may linger until it expires)
		FleetLeases leases = leases(instanceA);
		await().atMost(WAIT)
			.until(() -> leases.count(FleetClientLeaseStore.SCOPE, CLIENT) == 2
					&& leases.count("user:/ws/presence", "principal:dave") == 4);
		assertThat(handshakeStatus(instanceA, "dave")).isEqualTo(429);

		HoldController.releaseHeld();
		this.held.forEach(CompletableFuture::join);
		this.sessions.forEach(JdkWebSocketClient::abort);
		await().atMost(WAIT)
			.until(() -> leases.count(FleetClientLeaseStore.SCOPE, CLIENT) == 0
					&& leases.count("user:/ws/presence", "principal:dave") == 0);
		assertThat(get(instanceB, "/fleet/ok").statusCode()).isEqualTo(200);
	}

	@Test
	void memoryEndpointShowsEveryInstanceWithItsLevelRetainedRatioAndPoolSize() throws Exception {
		await().atMost(WAIT).until(() -> memory(instanceB).get("fleet").get("instancesSeen").asInt() == 2);
		JsonNode fleet = memory(instanceB).get("fleet");
		assertThat(fleet.get("failOpen").get("failingOpen").asBoolean()).isFalse();
		JsonNode instances = fleet.get("instances");
		assertThat(instances).hasSize(2);
		for (JsonNode instance : instances) {
			assertThat(instance.get("level").asString()).isEqualTo("NORMAL");
			assertThat(instance.get("retainedRatio").isNumber()).isTrue();
			assertThat(instance.get("poolSize").asInt()).isPositive();
		}
		assertThat(instances.findValuesAsString("id")).containsExactlyInAnyOrder(registry(instanceA).instanceId(),
				registry(instanceB).instanceId());
	}

	/**
	 * Latency of a request on one instance with the per-client cap shared through Redis
	 * (one script round trip to take the lease, the release not waited for), then during
	 * a Redis outage (local limits), then after Redis returned; and the lease round trip
	 * alone. Run with {@code -Dmemguard.fleet.samples=5000} for the figures in
	 * BENCHMARKS.md.
	 */
	@Test
	void requestLatencyWithFleetLimitsAndDuringAnOutageIsMeasured() throws Exception {
		int samples = Integer.getInteger("memguard.fleet.samples", 200);
		latencies(instanceA, samples);
		List<Long> fleet = latencies(instanceA, samples);
		FleetLeases leases = leases(instanceA);
		List<FleetQuota> quota = List.of(new FleetQuota(FleetClientLeaseStore.SCOPE, "address:192.0.2.1", 100));
		List<Long> leaseRoundTrips = new ArrayList<>(samples);
		for (int i = 0; i < samples; i++) {
			long start = System.nanoTime();
			FleetLeases.Acquisition acquisition = leases.tryAcquire(quota);
			leaseRoundTrips.add(System.nanoTime() - start);
			acquisition.lease().release();
		}
		redis.stop();
		List<Long> outage;
		long firstDuringOutage;
		try {
			long start = System.nanoTime();
			assertThat(get(instanceA, "/fleet/ok").statusCode()).isEqualTo(200);
			firstDuringOutage = System.nanoTime() - start;
			outage = latencies(instanceA, samples);
		}
		finally {
			redis.start();
		}
		await().atMost(WAIT).until(() -> redis(instanceA).isAvailable());
		List<Long> after = latencies(instanceA, samples);
		System.out.printf("Request latency over %d sequential requests: fleet limits %s; lease round trip %s; "
				+ "first request when Redis went down %.1f ms (timeout %s); during the outage %s; after it %s%n",
				samples, Latencies.percentiles(fleet), Latencies.percentiles(leaseRoundTrips), firstDuringOutage / 1e6,
				instanceA.getEnvironment().getProperty("memguard.fleet.timeout"), Latencies.percentiles(outage),
				Latencies.percentiles(after));
		assertThat(redis(instanceA).failOpenState().outages()).isPositive();
	}

	private List<Long> latencies(ConfigurableApplicationContext instance, int samples) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + "/fleet/ok"))
			.build();
		List<Long> latencies = new ArrayList<>(samples);
		for (int i = 0; i < samples; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			latencies.add(System.nanoTime() - start);
			assertThat(response.statusCode()).isEqualTo(200);
		}
		return latencies;
	}

	private JdkWebSocketClient open(ConfigurableApplicationContext instance, String user) throws Exception {
		JdkWebSocketClient session = JdkWebSocketClient.connect(this.http,
				"ws://127.0.0.1:" + port(instance) + "/ws/presence?user=" + user);
		this.sessions.add(session);
		return session;
	}

	private static int handshakeStatus(ConfigurableApplicationContext instance, String user) throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(port(instance), "/ws/presence?user=" + user)) {
			return socket.status();
		}
	}

	private void hold(ConfigurableApplicationContext instance) throws Exception {
		holdOn(port(instance));
		assertThat(HoldController.entered.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
	}

	private void holdOn(int port) {
		this.held.add(
				this.http
					.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fleet/hold")).build(),
							BodyHandlers.ofString())
					.exceptionally((failure) -> null));
	}

	private HttpResponse<String> get(ConfigurableApplicationContext instance, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + path)).build(),
				BodyHandlers.ofString());
	}

	private JsonNode memory(ConfigurableApplicationContext instance) throws Exception {
		return JsonMapper.builder().build().readTree(get(instance, "/actuator/memory").body());
	}

	private static Process fork() throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), FleetTestApplication.class.getName(),
				Integer.toString(redis.port()))
			.redirectErrorStream(true)
			.start();
	}

	private static int awaitPort(Process forked) throws Exception {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(forked.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<Integer> port = new CompletableFuture<>();
		// reads the child's output to its end, so the child never blocks on a full pipe
		Thread reader = new Thread(() -> {
			try {
				for (String line = output.readLine(); line != null; line = output.readLine()) {
					if (line.startsWith("PORT=")) {
						port.complete(Integer.valueOf(line.substring(5)));
					}
				}
			}
			catch (IOException ex) {
				port.completeExceptionally(ex);
			}
			port.completeExceptionally(new IllegalStateException("Forked instance exited before it served"));
		}, "forked-instance-output");
		reader.setDaemon(true);
		reader.start();
		return port.get(120, TimeUnit.SECONDS);
	}

	private static int port(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
	}

	private static FleetLeases leases(ConfigurableApplicationContext instance) {
		return instance.getBean(FleetLeases.class);
	}

	private static FleetRedis redis(ConfigurableApplicationContext instance) {
		return instance.getBean(FleetRedis.class);
	}

	private static FleetRegistry registry(ConfigurableApplicationContext instance) {
		return instance.getBean(FleetRegistry.class);
	}

}
