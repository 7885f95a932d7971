package io.memguard.sample.bookings;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills an empty booking table with {@code sample.seed.bookings} rows at first start, in
 * JDBC batches (seconds for 100 000 rows, on H2 or PostgreSQL).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BookingSeeder implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(BookingSeeder.class);

	private static final int CHUNK = 1000;

	private static final String[] STATUSES = { "PENDING", "CONFIRMED", "CONFIRMED", "CONFIRMED" };

	private final JdbcTemplate jdbc;

	private final int count;

	BookingSeeder(JdbcTemplate jdbc, @Value("${sample.seed.bookings:100000}") int count) {
		this.jdbc = jdbc;
		this.count = count;
	}

	@Override
	public void run(ApplicationArguments args) {
		Long existing = this.jdbc.queryForObject("select count(*) from booking", Long.class);
		if (existing == null || existing > 0 || this.count <= 0) {
			return;
		}
		long start = System.nanoTime();
		Instant origin = Instant.parse("2025-01-01T00:00:00Z");
		for (int first = 1; first <= this.count; first += CHUNK) {
			List<Object[]> rows = new ArrayList<>(CHUNK);
			for (int id = first; id < first + CHUNK && id <= this.count; id++) {
				rows.add(new Object[] { id, "Guest " + id, "R" + (100 + id % 300),
						Timestamp.from(origin.plus(id / 3, ChronoUnit.MINUTES)), 1 + id % 14,
						BigDecimal.valueOf(8000 + (id % 500) * 100, 2), STATUSES[id % STATUSES.length] });
			}
			this.jdbc.batchUpdate("insert into booking (id, guest_name, room, created_at, nights, amount, status) "
					+ "values (?, ?, ?, ?, ?, ?, ?)", rows);
		}
		this.jdbc.execute("alter sequence booking_seq restart with " + (this.count + 1));
		logger.info("Seeded " + this.count + " bookings in " + (System.nanoTime() - start) / 1_000_000 + " ms");
	}

}
