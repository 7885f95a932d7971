package io.memguard.jdbc;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Connection leaks as metrics: {@code memguard.datasource.leaks} (connections seen held
 * past the leak threshold since startup) and {@code memguard.datasource.leaks.active}
 * (held past it now). HikariCP has no leak meter of its own.
 */
class ConnectionLeakMetrics implements MeterBinder {

	private final DataSource dataSource;

	ConnectionLeakMetrics(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		LeakTrackingDataSource tracking = DataSourceUnwrapper.unwrap(this.dataSource, LeakTrackingDataSource.class);
		if (tracking == null) {
			return;
		}
		FunctionCounter.builder("memguard.datasource.leaks", tracking, LeakTrackingDataSource::leaksDetected)
			.description("Connections held longer than the leak detection threshold")
			.register(registry);
		Gauge.builder("memguard.datasource.leaks.active", tracking, (leaks) -> leaks.leaks().size())
			.description("Connections held longer than the leak detection threshold right now")
			.register(registry);
	}

}
