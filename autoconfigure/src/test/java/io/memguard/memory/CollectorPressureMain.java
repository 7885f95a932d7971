package io.memguard.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a forked JVM by {@link CollectorPressureTests}: drives the real heap into
 * CRITICAL by retaining allocations, releases them and then stays idle, as a server does
 * once it sheds everything, until the level is back to NORMAL. Prints each transition and
 * a final result line.
 */
public final class CollectorPressureMain {

	private static final int CHUNK = 64 * 1024;

	static volatile byte[] sink;

	private CollectorPressureMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		CountDownLatch criticalSeen = new CountDownLatch(1);
		CountDownLatch normalAgain = new CountDownLatch(1);
		// Defaults suit a 64 MB heap under every collector; args: warning critical
		// retained-fraction
		double warning = (args.length > 0) ? Double.parseDouble(args[0]) : 0.4;
		double critical = (args.length > 1) ? Double.parseDouble(args[1]) : 0.55;
		double retainedFraction = (args.length > 2) ? Double.parseDouble(args[2]) : 0.62;
		MemoryMonitor monitor = new MemoryMonitor(new JvmMemoryProbe(), new MemoryThresholds(warning, critical, 0.1));
		monitor.addListener((change) -> {
			System.out.printf("TRANSITION %s -> %s live=%.2f old=%.2f%n", change.previous(), change.current(),
					change.snapshot().liveRatio(), change.snapshot().oldGenerationRatio());
			if (change.current() == MemoryPressureLevel.CRITICAL) {
				criticalSeen.countDown();
			}
			else if (change.current() == MemoryPressureLevel.NORMAL && criticalSeen.getCount() == 0) {
				normalAgain.countDown();
			}
		});
		MemorySampler sampler = new MemorySampler(monitor, Duration.ofMillis(100), Duration.ofMillis(500));
		sampler.afterPropertiesSet();
		long retainLimit = (long) (Runtime.getRuntime().maxMemory() * retainedFraction);
		List<byte[]> retained = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (criticalSeen.getCount() > 0 && System.nanoTime() < deadline) {
			if ((long) retained.size() * CHUNK < retainLimit) {
				retained.add(new byte[CHUNK]);
			}
			else {
				Thread.sleep(5);
			}
			sink = new byte[CHUNK];
		}
		retained.clear();
		sink = null;
		// No allocation from here on: only the sampler's recovery collection can lower it
		boolean recovered = normalAgain.await(15, TimeUnit.SECONDS);
		sampler.destroy();
		System.out.printf("RESULT critical=%s normal=%s%n", criticalSeen.getCount() == 0, recovered);
	}

}
