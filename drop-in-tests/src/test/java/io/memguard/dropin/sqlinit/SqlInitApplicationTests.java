package io.memguard.dropin.sqlinit;

import java.util.Map;

import io.memguard.dropin.DropInApplications;
import io.memguard.dropin.StartupLog;
import io.memguard.dropin.Tables;
import io.memguard.memory.MemoryMonitor;
import io.memguard.test.postgres.EmbeddedPostgresServer;
import io.memguard.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that creates its schema with {@code spring.sql.init} scripts, started on
 * PostgreSQL with the Memguard starter: Memguard is at work, and the database and the log
 * are what the application alone would make.
 */
@ExtendWith(OutputCaptureExtension.class)
class SqlInitApplicationTests {

	private static final Map<String, Object> SQL_INIT = Map.of("spring.sql.init.mode", "always",
			"spring.sql.init.schema-locations", "classpath:sqlinit/schema.sql", "spring.sql.init.data-locations",
			"classpath:sqlinit/data.sql");

	@Test
	void keepsTheSchemaOfItsScriptsWithoutFlywayOrMemguardWarnings(CapturedOutput output) throws Exception {
		TestDatabase database = EmbeddedPostgresServer.createDatabase();
		try (ConfigurableApplicationContext context = DropInApplications.start(SqlInitApplication.class, database,
				SQL_INIT)) {
			assertThat(context.getBeansOfType(MemoryMonitor.class)).hasSize(1);
			assertThat(Tables.in(database.unpooledDataSource())).containsExactly("public.owners");
			assertThat(DropInApplications.get(context, "/owners?page_size=2"))
				.isEqualTo("[\"George Franklin\",\"Betty Davis\"]");
		}
		assertThat(output).contains("INFO org.springframework.boot");
		assertThat(StartupLog.memguardWarningsAndFlywayLines(output)).isEmpty();
	}

}
