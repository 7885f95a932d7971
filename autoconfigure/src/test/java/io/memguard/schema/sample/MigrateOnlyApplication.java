package io.memguard.schema.sample;

import io.memguard.schema.SchemaAutoConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * A minimal Flyway application run in its own JVM by the migrate-only tests.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
		SchemaAutoConfiguration.class })
public class MigrateOnlyApplication {

	public static void main(String[] args) {
		SpringApplication.run(MigrateOnlyApplication.class, args);
	}

}
