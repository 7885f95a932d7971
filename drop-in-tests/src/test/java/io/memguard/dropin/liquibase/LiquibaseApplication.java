package io.memguard.dropin.liquibase;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application whose schema is managed by Liquibase: no Flyway.
 */
@SpringBootApplication
public class LiquibaseApplication {

}
