package io.memguard.schema;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of production-safe schema startup: Flyway on its own unpooled
 * connections with short lock timeouts, lock retries and a wait for the database, plus a
 * guard against Flyway without Spring Boot's Flyway module. Without Flyway it is filtered
 * out before it is even read. Schema generation is refused earlier, whatever manages the
 * schema, by {@link SchemaEnvironmentPostProcessor}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(name = "org.flywaydb.core.Flyway")
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SchemaProperties.class, SchemaLintProperties.class })
public final class SchemaAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Flyway.class, FlywayAutoConfiguration.class })
	@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
	static class FlywayMigrationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MigrationSessionCustomizer memguardMigrationSessionCustomizer(SchemaProperties properties,
				Environment environment) {
			return new MigrationSessionCustomizer(properties, properties.isProductionIn(environment));
		}

		@Bean
		@ConditionalOnMissingBean(FlywayMigrationStrategy.class)
		SchemaMigrationStrategy memguardSchemaMigrationStrategy(SchemaProperties properties,
				SchemaLintProperties lint) {
			return new SchemaMigrationStrategy(properties, lint);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("memguard.schema.migrate-only")
	static class MigrateOnlyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MigrateOnlyExit memguardMigrateOnlyExit(ObjectProvider<Flyway> flyway) {
			return new MigrateOnlyExit(flyway);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
	@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
	static class FlywayModuleMissingConfiguration {

		@Bean
		static FlywayModuleCheck memguardFlywayModuleCheck() {
			return new FlywayModuleCheck();
		}

	}

}
