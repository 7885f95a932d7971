package io.memguard.benchmarks.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.memguard.data.page.CursorCodec;
import io.memguard.data.page.CursorQuery;
import io.memguard.data.export.ExportColumns;
import io.memguard.data.export.ExportFormat;
import io.memguard.data.page.KeysetScrolling;
import io.memguard.data.export.StreamingExporter;
import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Harness for the data section of BENCHMARKS.md, on 1 000 000 rows in an embedded
 * PostgreSQL 18: offset vs keyset page latency at page depths 1, 1 000 and 10 000, and
 * export throughput and peak live heap for a streamed export, a loaded list and a raw
 * JDBC loop.
 * <p>
 * Run:
 * {@code java -Xmx1g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * io.memguard.benchmarks.data.DataBenchmarks [rows]}
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DataBenchmarks {

	private static final int PAGE_SIZE = 50;

	private static final Sort SORT = Sort.by("createdAt", "id");

	private static final ExportColumns<BenchBooking> COLUMNS = ExportColumns.of(BenchBooking.class)
		.column("id", BenchBooking::getId)
		.column("guestName", BenchBooking::getGuestName)
		.column("room", BenchBooking::getRoom)
		.column("createdAt", BenchBooking::getCreatedAt)
		.column("nights", BenchBooking::getNights)
		.column("amount", BenchBooking::getAmount)
		.column("status", BenchBooking::getStatus);

	private static final AtomicLong maxLiveHeap = new AtomicLong();

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		watchLiveHeapAfterGc();
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		long seedStart = System.nanoTime();
		seed(database.unpooledDataSource(), rows);
		System.out.printf("Seeded %,d rows in %d ms%n", rows, millisSince(seedStart));
		SpringApplication application = new SpringApplication(DataBenchmarks.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> properties = new HashMap<>(database.springPropertyMap());
		properties.put("spring.flyway.enabled", "false");
		// the sample app's application.yml is on this class path too (for the overload
		// harness); its data source must not replace this one
		properties.put("spring.config.name", "data-benchmarks");
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		application.setDefaultProperties(properties);
		try (ConfigurableApplicationContext context = application.run()) {
			pagination(context, rows);
			exports(context, rows);
		}
		System.exit(0);
	}

	private static void seed(DataSource dataSource, int rows) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table booking (id bigint primary key, guest_name varchar(100) not null, "
				+ "room varchar(20) not null, created_at timestamp with time zone not null, nights integer not null, "
				+ "amount numeric(10, 2) not null, status varchar(20) not null)");
		jdbc.update("insert into booking select i, 'Guest ' || i, 'R' || (100 + i % 300), "
				+ "timestamp with time zone '2025-01-01 00:00:00+00' + (i / 3) * interval '1 minute', 1 + i % 14, "
				+ "80 + (i % 500), case when i % 4 = 0 then 'PENDING' else 'CONFIRMED' end "
				+ "from generate_series(1, ?) as i", rows);
		jdbc.execute("create index booking_created_at_id on booking (created_at, id)");
		jdbc.execute("vacuum analyze booking");
	}

	private static void pagination(ConfigurableApplicationContext context, int rows) {
		BenchBookingRepository repository = context.getBean(BenchBookingRepository.class);
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		transaction.setReadOnly(true);
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		System.out
			.printf("%n| Page depth (size %d) | Offset `Page` (+ count) | Offset `Slice` | Spring Data keyset `Window` "
					+ "| `KeysetScrolling` (keyset + seek bound) |%n", PAGE_SIZE);
		System.out.println("|---|---|---|---|---|");
		for (int depth : new int[] { 1, 1_000, 10_000 }) {
			PageRequest page = PageRequest.of(depth - 1, PAGE_SIZE, SORT);
			KeysetScrollPosition position = (depth == 1) ? ScrollPosition.keyset()
					: jdbc.queryForObject("select created_at, id from booking order by created_at, id offset ? limit 1",
							(rs, n) -> ScrollPosition
								.forward(Map.of("createdAt", rs.getTimestamp(1).toInstant(), "id", rs.getLong(2))),
							(long) (depth - 1) * PAGE_SIZE - 1);
			String offsetPage = latency(
					() -> transaction.execute((s) -> repository.findAll(page).getNumberOfElements()));
			String offsetSlice = latency(
					() -> transaction.execute((s) -> repository.findAllBy(page).getNumberOfElements()));
			String keyset = latency(
					() -> transaction.execute((s) -> repository.findBy(position, SORT, Limit.of(PAGE_SIZE)).size()));
			CursorQuery query = CursorQuery.of(PAGE_SIZE, SORT, position, CursorCodec.withRandomSecret(), "bench");
			String seekBounded = latency(
					() -> transaction.execute((s) -> KeysetScrolling.scroll(repository, query).size()));
			System.out.printf("| %,d | %s | %s | %s | %s |%n", depth, offsetPage, offsetSlice, keyset, seekBounded);
		}
	}

	/**
	 * Median and 95th percentile of 30 calls after 10 warm-up calls, in milliseconds.
	 */
	private static String latency(Supplier<Integer> query) {
		for (int i = 0; i < 10; i++) {
			check(query.get());
		}
		double[] millis = new double[30];
		for (int i = 0; i < millis.length; i++) {
			long start = System.nanoTime();
			check(query.get());
			millis[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(millis);
		return String.format("%.2f ms (p95 %.2f)", millis[millis.length / 2], millis[(int) (millis.length * 0.95)]);
	}

	private static void check(int size) {
		if (size != PAGE_SIZE) {
			throw new IllegalStateException("Expected a full page, got " + size);
		}
	}

	private static void exports(ConfigurableApplicationContext context, int rows) throws Exception {
		StreamingExporter exporter = context.getBean(StreamingExporter.class);
		BenchBookingRepository repository = context.getBean(BenchBookingRepository.class);
		DataSource dataSource = context.getBean(DataSource.class);
		System.out.printf("%n| Export of %,d rows as CSV | Time | Rows/s | Peak live heap after GC |%n", rows);
		System.out.println("|---|---|---|---|");
		export("Raw JDBC loop (fetch size 1000, auto-commit off)", rows, (out) -> jdbcExport(dataSource, out));
		export("`StreamingExporter` (entities, cleared every 1000)", rows,
				(out) -> exporter.write(out, ExportFormat.CSV, repository::streamAllByOrderById, COLUMNS));
		export("Loading the list (`findAll()`), then writing it", rows, (out) -> exporter.write(out, ExportFormat.CSV,
				() -> repository.findAll(Sort.by("id")).stream(), COLUMNS));
	}

	private static void export(String name, int rows, ExportRun run) throws Exception {
		System.gc();
		Thread.sleep(200);
		maxLiveHeap.set(0);
		CountingOutputStream out = new CountingOutputStream();
		long start = System.nanoTime();
		long written = run.export(out);
		long millis = Math.max(1, millisSince(start));
		if (written != rows) {
			throw new IllegalStateException(name + " wrote " + written + " rows");
		}
		System.out.printf("| %s | %,d ms | %,d | %,d MB |%n", name, millis, rows * 1000L / millis,
				maxLiveHeap.get() / (1024 * 1024));
	}

	private static long jdbcExport(DataSource dataSource, OutputStream out) throws SQLException, IOException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(
					"select id, guest_name, room, created_at, nights, amount, status from booking order by id")) {
				statement.setFetchSize(1000);
				BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
				writer.write("id,guestName,room,createdAt,nights,amount,status\r\n");
				long count = 0;
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						Instant createdAt = rs.getTimestamp(4).toInstant();
						writer.write(rs.getLong(1) + "," + rs.getString(2) + "," + rs.getString(3) + "," + createdAt
								+ "," + rs.getInt(5) + "," + rs.getBigDecimal(6) + "," + rs.getString(7) + "\r\n");
						count++;
					}
				}
				writer.flush();
				connection.commit();
				return count;
			}
		}
	}

	private static void watchLiveHeapAfterGc() {
		Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
				if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
					GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
						.from((CompositeData) notification.getUserData());
					long used = info.getGcInfo()
						.getMemoryUsageAfterGc()
						.entrySet()
						.stream()
						.filter((pool) -> heapPools.contains(pool.getKey()))
						.mapToLong((pool) -> pool.getValue().getUsed())
						.sum();
					maxLiveHeap.accumulateAndGet(used, Math::max);
				}
			}, null, null);
		}
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	@FunctionalInterface
	private interface ExportRun {

		long export(OutputStream out) throws Exception;

	}

	private static final class CountingOutputStream extends OutputStream {

		private long bytes;

		@Override
		public void write(int b) {
			this.bytes++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.bytes += len;
		}

	}

}
