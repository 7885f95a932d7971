package io.memguard.test.postgres;

import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database on the shared embedded PostgreSQL server.
 *
 * @param name the database name
 * @param jdbcUrl the JDBC URL
 * @param username the user
 * @param password the password
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

	/**
	 * Spring Boot properties that point {@code spring.datasource} at this database.
	 * @return the properties, as {@code key=value} strings for {@code withPropertyValues}
	 */
	public String[] springProperties() {
		return new String[] { "spring.datasource.url=" + this.jdbcUrl, "spring.datasource.username=" + this.username,
				"spring.datasource.password=" + this.password };
	}

	/**
	 * The same properties as a map, for {@code @DynamicPropertySource} or
	 * {@code SpringApplication}.
	 * @return the properties
	 */
	public Map<String, Object> springPropertyMap() {
		return Map.of("spring.datasource.url", this.jdbcUrl, "spring.datasource.username", this.username,
				"spring.datasource.password", this.password);
	}

	/**
	 * An unpooled data source for this database, for test setup and assertions.
	 * @return a new data source
	 */
	public DataSource unpooledDataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(this.jdbcUrl);
		dataSource.setUser(this.username);
		dataSource.setPassword(this.password);
		return dataSource;
	}

}
