package io.memguard.jdbc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Hardens every {@link HikariDataSource} once Spring has bound it: applies
 * {@link HikariDefaults}, rejects a leak detection threshold HikariCP would ignore, adds
 * the {@link PostgresSessionLimits}, then replaces the pool, not started yet, with a
 * {@link LeakTrackingDataSource} of the same configuration. Ordered after configuration
 * properties binding, so it sees the user's values. Closes the replacement when the bean
 * is destroyed: Spring only closes the instance it created.
 */
class DataSourceHardeningPostProcessor implements DestructionAwareBeanPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(DataSourceHardeningPostProcessor.class);

	private static final String HIKARI_PREFIX = "spring.datasource.hikari.";

	private final Environment environment;

	private MemguardDataSourceProperties properties;

	private final Set<String> autoCommitDisabled = ConcurrentHashMap.newKeySet();

	private final Map<String, LeakTrackingDataSource> replacements = new ConcurrentHashMap<>();

	DataSourceHardeningPostProcessor(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !pool.isClosed() && pool.getHikariPoolMXBean() == null) {
			Binder binder = Binder.get(this.environment);
			boolean hibernate = ClassUtils.isPresent("org.hibernate.SessionFactory", getClass().getClassLoader());
			boolean autoCommit = pool.isAutoCommit();
			HikariDefaults.apply(pool, (name) -> binder.bind(HIKARI_PREFIX + name, String.class).isBound(),
					properties().isDisableAutoCommit() && hibernate);
			if (autoCommit && !pool.isAutoCommit()) {
				this.autoCommitDisabled.add(beanName);
			}
			HikariDefaults.checkLeakDetectionThreshold(pool);
			applySessionLimits(pool, beanName);
		}
		return bean;
	}

	private void applySessionLimits(HikariDataSource pool, String beanName) {
		MemguardDataSourceProperties.Postgres postgres = properties().getPostgres();
		if (!postgres.isSessionLimits()) {
			return;
		}
		if (!PostgresSessionLimits.isPostgres(pool.getJdbcUrl())) {
			// Nothing to tell: the limits cannot apply to this database
			logger.debug("DataSource '" + beanName + "' is not PostgreSQL: memguard.datasource.postgres session limits "
					+ "skipped");
			return;
		}
		new PostgresSessionLimits(postgres, this.environment.getProperty("spring.application.name")).applyTo(pool);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !(bean instanceof LeakTrackingDataSource) && !pool.isClosed()
				&& pool.getHikariPoolMXBean() == null) {
			LeakTrackingDataSource replacement = new LeakTrackingDataSource(pool,
					this.autoCommitDisabled.remove(beanName));
			this.replacements.put(beanName, replacement);
			return replacement;
		}
		return bean;
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		LeakTrackingDataSource replacement = this.replacements.remove(beanName);
		if (replacement != null) {
			replacement.close();
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return bean instanceof HikariDataSource;
	}

	private MemguardDataSourceProperties properties() {
		if (this.properties == null) {
			this.properties = Binder.get(this.environment)
				.bindOrCreate("memguard.datasource", MemguardDataSourceProperties.class);
		}
		return this.properties;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
