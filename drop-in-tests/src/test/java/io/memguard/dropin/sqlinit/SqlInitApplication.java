package io.memguard.dropin.sqlinit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application whose schema and data come from {@code spring.sql.init} scripts, as
 * in Spring PetClinic: no Flyway, no Liquibase.
 */
@SpringBootApplication
public class SqlInitApplication {

}
