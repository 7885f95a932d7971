package io.memguard.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.memguard.test.redis.EmbeddedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease table on a real Redis, with two "instances" (two lease tables with their own
 * connection factories) sharing it.
 */
class FleetLeasesTests {

	private static final Duration LEASE_TIME = Duration.ofMillis(1500);

	@RegisterExtension
	static EmbeddedRedis redis = new EmbeddedRedis();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		redis.start();
	}

	@Test
	void capHoldsAcrossInstancesAndAReleasedLeaseMakesRoom() {
		FleetLeases a = leases("a", "cap");
		FleetLeases b = leases("b", "cap");
		List<FleetQuota> alice = List.of(new FleetQuota("user:/ws", "alice", 3));
		FleetLeases.Acquisition first = a.tryAcquire(alice);
		assertThat(b.tryAcquire(alice).isRefused()).isFalse();
		assertThat(a.tryAcquire(alice).isRefused()).isFalse();
		FleetLeases.Acquisition fourth = b.tryAcquire(alice);
		assertThat(fourth.isRefused()).isTrue();
		assertThat(fourth.refusedBy()).isEqualTo(alice.get(0));
		assertThat(a.count("user:/ws", "alice")).isEqualTo(3);
		first.lease().release();
		await().atMost(Duration.ofSeconds(5)).until(() -> a.count("user:/ws", "alice") == 2);
		assertThat(b.tryAcquire(alice).isRefused()).isFalse();
	}

	@Test
	void aLeaseOnSeveralQuotasIsAllOrNone() {
		FleetLeases a = leases("a", "all-or-none");
		FleetQuota room = new FleetQuota("room:/ws", "lobby", 1);
		assertThat(a.tryAcquire(List.of(new FleetQuota("user:/ws", "alice", 5), room)).isRefused()).isFalse();
		FleetLeases.Acquisition bob = a.tryAcquire(List.of(new FleetQuota("user:/ws", "bob", 5), room));
		assertThat(bob.refusedBy()).isEqualTo(room);
		assertThat(a.count("user:/ws", "bob")).isZero();
	}

	@Test
	void leasesOfAnInstanceThatStopsRenewingExpireWithinTheLeaseTimeWhileRenewedOnesLive() {
		FleetLeases dead = leases("dead", "expiry");
		FleetLeases alive = leases("alive", "expiry");
		alive.start();
		List<FleetQuota> quota = List.of(new FleetQuota("http", "10.0.0.1", 2));
		dead.tryAcquire(quota);
		long acquired = System.nanoTime();
		alive.tryAcquire(quota);
		assertThat(alive.tryAcquire(quota).isRefused()).isTrue();
		await().atMost(LEASE_TIME.multipliedBy(3)).until(() -> alive.count("http", "10.0.0.1") == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - acquired)).isGreaterThanOrEqualTo(LEASE_TIME.minusMillis(100));
		// the renewed lease outlived several lease times
		await().pollDelay(LEASE_TIME.multipliedBy(2)).until(() -> true);
		assertThat(alive.count("http", "10.0.0.1")).isEqualTo(1);
		alive.stop();
		assertThat(alive.count("http", "10.0.0.1")).isZero();
	}

	@Test
	void failsOpenWhileRedisIsDownAndRegistersItsLeasesAgainWhenItReturns() {
		FleetRedis link = link("outage");
		FleetLeases a = new FleetLeases(link, "a", LEASE_TIME);
		List<FleetQuota> quota = List.of(new FleetQuota("http", "10.0.0.2", 5));
		FleetLeases.Acquisition before = a.tryAcquire(quota);
		assertThat(before.local()).isFalse();
		redis.stop();
		FleetLeases.Acquisition during = a.tryAcquire(quota);
		assertThat(during.local()).isTrue();
		assertThat(link.isAvailable()).isFalse();
		FleetLeases.Acquisition alsoDuring = a.tryAcquire(quota);
		assertThat(alsoDuring.local()).isTrue();
		alsoDuring.lease().release();
		assertThat(link.failOpenState().localDecisions()).isEqualTo(2);
		assertThat(link.failOpenState().outages()).isEqualTo(1);
		redis.start();
		await().atMost(Duration.ofSeconds(10)).until(link::isAvailable);
		// the restarted Redis is empty: the two leases still held are counted again
		assertThat(a.count("http", "10.0.0.2")).isEqualTo(2);
		before.lease().release();
		during.lease().release();
		await().atMost(Duration.ofSeconds(5)).until(() -> a.count("http", "10.0.0.2") == 0);
	}

	@Test
	void busiestKeysAreCountedAcrossInstancesAndForgetKeysWithoutLeases() {
		FleetLeases a = leases("a", "busiest");
		FleetLeases b = leases("b", "busiest");
		a.tryAcquire(List.of(new FleetQuota("user:/ws", "alice", 9)));
		b.tryAcquire(List.of(new FleetQuota("user:/ws", "alice", 9)));
		FleetLeases.Acquisition bob = b.tryAcquire(List.of(new FleetQuota("user:/ws", "bob", 9)));
		a.tryAcquire(List.of(new FleetQuota("user:/ws", "carol", 9)));
		assertThat(a.busiest("user:/ws", 2)).containsExactly(new FleetLeases.KeyCount("alice", 2),
				new FleetLeases.KeyCount("bob", 1));
		bob.lease().release();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> a.busiest("user:/ws", 5)
				.equals(List.of(new FleetLeases.KeyCount("alice", 2), new FleetLeases.KeyCount("carol", 1))));
	}

	private FleetLeases leases(String instanceId, String prefix) {
		return new FleetLeases(link(prefix), instanceId, LEASE_TIME);
	}

	private FleetRedis link(String prefix) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		// a timeout that a loaded build machine does not reach: a command that times out
		// fails open, and counts then read -1
		FleetRedis link = new FleetRedis(factory, "test:{" + prefix + "}:", Duration.ofSeconds(1),
				Duration.ofMillis(100));
		this.closeables.add(() -> {
			link.destroy();
			factory.destroy();
		});
		return link;
	}

}
