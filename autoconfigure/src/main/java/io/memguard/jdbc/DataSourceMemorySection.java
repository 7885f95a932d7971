package io.memguard.jdbc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import io.memguard.actuate.DetailedMemoryEndpointContributor;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * The {@code datasource} section of {@code /actuator/memory}: pool usage and the
 * connections held longer than the leak threshold, with, as details, the thread that took
 * each and where.
 */
class DataSourceMemorySection implements DetailedMemoryEndpointContributor {

	private final DataSource dataSource;

	DataSourceMemorySection(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public String sectionName() {
		return "datasource";
	}

	@Override
	public Object section(boolean showDetails) {
		Map<String, Object> section = new LinkedHashMap<>();
		HikariDataSource pool = DataSourceUnwrapper.unwrap(this.dataSource, HikariDataSource.class);
		if (pool != null) {
			HikariPoolMXBean usage = pool.getHikariPoolMXBean();
			section.put("max", pool.getMaximumPoolSize());
			if (usage != null) {
				section.put("active", usage.getActiveConnections());
				section.put("idle", usage.getIdleConnections());
				section.put("pending", usage.getThreadsAwaitingConnection());
			}
		}
		LeakTrackingDataSource tracking = DataSourceUnwrapper.unwrap(this.dataSource, LeakTrackingDataSource.class);
		if (tracking != null) {
			List<Map<String, Object>> leaks = tracking.leaks()
				.stream()
				.map((leak) -> showDetails
						? Map.<String, Object>of("heldForMillis", leak.heldFor().toMillis(), "thread", leak.thread(),
								"takenAt", leak.takenAt())
						: Map.<String, Object>of("heldForMillis", leak.heldFor().toMillis()))
				.toList();
			section.put("leakThresholdMillis", tracking.getLeakThreshold().toMillis());
			section.put("leaksDetected", tracking.leaksDetected());
			section.put("leaks", leaks);
		}
		return section;
	}

}
