package io.memguard.schema;

import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Ends a {@code memguard.schema.migrate-only} run once the application has started, that
 * is once the migrations are applied: closes the context and exits with status 0, or 1
 * when there was no Flyway to run. A failed migration fails startup, which exits with 1.
 */
class MigrateOnlyExit implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(MigrateOnlyExit.class);

	private final ObjectProvider<Flyway> flyway;

	private final IntConsumer exit;

	/**
	 * Creates a listener that exits the JVM.
	 * @param flyway the Flyway of the application, if any
	 */
	public MigrateOnlyExit(ObjectProvider<Flyway> flyway) {
		this(flyway, System::exit);
	}

	MigrateOnlyExit(ObjectProvider<Flyway> flyway, IntConsumer exit) {
		this.flyway = flyway;
		this.exit = exit;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		boolean migrated = this.flyway.getIfAvailable() != null;
		if (migrated) {
			logger.info("Migrations applied (memguard.schema.migrate-only=true), exiting");
		}
		else {
			logger.error("memguard.schema.migrate-only=true but Flyway is not configured (spring.flyway.enabled=false"
					+ " or no data source): nothing was migrated");
		}
		int status = SpringApplication.exit(event.getApplicationContext(), () -> migrated ? 0 : 1);
		this.exit.accept(status);
	}

}
