package io.memguard.schema;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Applies the schema defaults and refuses schema generation in production, before any
 * bean (data source, Flyway, JPA) is created.
 * <ul>
 * <li>In production, a {@link SchemaStartupException} for any value that creates, updates
 * or drops schema, whatever tool (Flyway, Liquibase, SQL scripts) manages it.</li>
 * <li>When Flyway manages the schema (on the class path and not disabled):
 * {@code spring.flyway.postgresql.transactional-lock=false} where unset (Flyway's
 * transactional advisory lock keeps a transaction open that {@code CREATE INDEX
 * CONCURRENTLY} waits for forever; the session lock does not), and in production
 * {@code spring.jpa.hibernate.ddl-auto=validate} where no schema generation property is
 * set. Without Flyway, Spring Boot's defaults stay: Hibernate's validation of a schema
 * made by another tool would be a change the application did not ask for.</li>
 * <li>With {@code memguard.schema.migrate-only=true}, no web server.</li>
 * </ul>
 */
class SchemaEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String DDL_AUTO = "spring.jpa.hibernate.ddl-auto";

	private static final String FLYWAY = "org.flywaydb.core.Flyway";

	// Keys under spring.jpa.properties that Hibernate reads as schema generation actions.
	private static final Set<String> JPA_SCHEMA_ACTIONS = Set.of("hibernate.hbm2ddl.auto",
			"jakarta.persistence.schema-generation.database.action",
			"javax.persistence.schema-generation.database.action");

	private static final Set<String> SAFE_ACTIONS = Set.of("none", "validate", "");

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("memguard.enabled", Boolean.class).orElse(true)) {
			return;
		}
		boolean flyway = ClassUtils.isPresent(FLYWAY, application.getClassLoader())
				&& binder.bind("spring.flyway.enabled", Boolean.class).orElse(true);
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (flyway && !environment.containsProperty("spring.flyway.postgresql.transactional-lock")) {
			defaults.put("spring.flyway.postgresql.transactional-lock", false);
		}
		if (isProduction(binder, environment)) {
			Map<String, String> schemaActions = schemaActions(binder);
			schemaActions.forEach(SchemaEnvironmentPostProcessor::refuseSchemaGeneration);
			if (flyway && schemaActions.isEmpty()) {
				defaults.put(DDL_AUTO, "validate");
			}
			else {
				refuseGenerateDdl(binder, schemaActions);
			}
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("memguardSchemaDefaults", defaults));
		}
		if (binder.bind("memguard.schema.migrate-only", Boolean.class).orElse(false)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("memguardMigrateOnly",
						Map.of("spring.main.web-application-type", "none")));
		}
	}

	/**
	 * Binds only the two properties that decide, not all of {@link SchemaProperties}:
	 * this runs before the context, and binding a whole bean here costs a noticeable part
	 * of a small application's startup.
	 */
	private static boolean isProduction(Binder binder, ConfigurableEnvironment environment) {
		SchemaProperties properties = new SchemaProperties();
		binder.bind("memguard.schema.production", Boolean.class).ifBound(properties::setProduction);
		binder.bind("memguard.schema.production-profiles", Bindable.listOf(String.class))
			.ifBound(properties::setProductionProfiles);
		return properties.isProductionIn(environment);
	}

	private static Map<String, String> schemaActions(Binder binder) {
		Map<String, String> actions = new LinkedHashMap<>();
		binder.bind(DDL_AUTO, String.class).ifBound((value) -> actions.put(DDL_AUTO, value));
		Map<String, String> jpaProperties = binder
			.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
			.orElseGet(Map::of);
		JPA_SCHEMA_ACTIONS.forEach((key) -> {
			String value = jpaProperties.get(key);
			if (value != null) {
				actions.put("spring.jpa.properties." + key, value);
			}
		});
		return actions;
	}

	/**
	 * {@code spring.jpa.generate-ddl=true} makes Spring's vendor adapter add
	 * {@code hibernate.hbm2ddl.auto=update} wherever Spring Boot leaves it out, that is
	 * when the schema actions set are all {@code none} or none is set (unless the
	 * {@code validate} default applies).
	 */
	private static void refuseGenerateDdl(Binder binder, Map<String, String> schemaActions) {
		boolean generateDdl = binder.bind("spring.jpa.generate-ddl", Boolean.class).orElse(false);
		if (generateDdl && schemaActions.values()
			.stream()
			.allMatch((value) -> Set.of("none", "").contains(value.trim().toLowerCase(Locale.ROOT)))) {
			throw SchemaStartupException.generateDdlRefused();
		}
	}

	private static void refuseSchemaGeneration(String property, String value) {
		if (!SAFE_ACTIONS.contains(value.trim().toLowerCase(Locale.ROOT))) {
			throw SchemaStartupException.schemaGenerationRefused(property, value);
		}
	}

}
