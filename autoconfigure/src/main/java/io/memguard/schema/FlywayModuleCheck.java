package io.memguard.schema;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Stops startup, before any bean is created, when Flyway is on the class path without
 * Spring Boot's Flyway module (migrations would silently never run).
 */
class FlywayModuleCheck implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		throw SchemaStartupException.flywayModuleMissing();
	}

}
