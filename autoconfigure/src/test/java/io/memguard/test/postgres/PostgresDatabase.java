package io.memguard.test.postgres;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * JUnit extension that gives a test class a fresh database on the shared embedded
 * PostgreSQL 18 server. Use it as a static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static PostgresDatabase postgres = new PostgresDatabase();
 *
 * &#64;DynamicPropertySource
 * static void datasource(DynamicPropertyRegistry registry) {
 *     postgres.registerSpringProperties(registry);
 * }
 * </pre>
 *
 * The database is created lazily, so it is ready whether Spring or JUnit asks first.
 */
public class PostgresDatabase implements BeforeAllCallback {

	private volatile TestDatabase database;

	@Override
	public void beforeAll(ExtensionContext context) {
		get();
	}

	/**
	 * The database of this test class, created on first call.
	 * @return the database
	 */
	public synchronized TestDatabase get() {
		if (this.database == null) {
			this.database = EmbeddedPostgresServer.createDatabase();
		}
		return this.database;
	}

	/**
	 * Registers the {@code spring.datasource.*} properties of this database.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerSpringProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", supplier(() -> get().jdbcUrl()));
		registry.add("spring.datasource.username", supplier(() -> get().username()));
		registry.add("spring.datasource.password", supplier(() -> get().password()));
	}

	private static Supplier<Object> supplier(Supplier<Object> supplier) {
		return supplier;
	}

}
