package io.memguard.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import io.memguard.cleanup.CleanupContext;
import io.memguard.cleanup.MemoryCleanupStep;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * The pool's part of a memory cleanup: soft-evicts the HikariCP pool's connections
 * ({@link HikariPoolMXBean#softEvictConnections()}). Idle ones are closed at once, with
 * the statement caches and buffers the driver grew on them; connections in use are closed
 * when they are returned. The pool opens fresh ones as it needs them.
 */
class PoolEvictionCleanupStep implements MemoryCleanupStep {

	private final DataSource dataSource;

	public PoolEvictionCleanupStep(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public String name() {
		return "pool";
	}

	@Override
	public Object clean(CleanupContext context) {
		HikariDataSource pool = DataSourceUnwrapper.unwrap(this.dataSource, HikariDataSource.class);
		HikariPoolMXBean usage = (pool != null) ? pool.getHikariPoolMXBean() : null;
		if (usage == null) {
			return Map.of("skipped", "no started HikariCP pool");
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("connectionsBefore", usage.getTotalConnections());
		result.put("idleBefore", usage.getIdleConnections());
		usage.softEvictConnections();
		result.put("connectionsAfter", usage.getTotalConnections());
		result.put("idleAfter", usage.getIdleConnections());
		return result;
	}

	@Override
	public int getOrder() {
		return 200;
	}

}
