package io.memguard.schema.sample;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A JPA application with Flyway migrations, for end-to-end schema startup tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SchemaSampleApplication {

}
