package io.memguard.data.testapp;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The test entities and repositories, for {@code ApplicationContextRunner} tests with
 * JPA.
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = Ticket.class)
@EnableJpaRepositories(basePackageClasses = Ticket.class)
public class JpaTestConfiguration {

	/**
	 * The auto-configurations a JPA application has.
	 */
	public static final AutoConfigurations JPA = AutoConfigurations.of(DataSourceAutoConfiguration.class,
			HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class);

}
