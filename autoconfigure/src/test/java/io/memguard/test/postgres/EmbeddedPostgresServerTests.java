package io.memguard.test.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTests {

	@Test
	void givesEachCallAFreshDatabaseOnPostgres18() throws Exception {
		TestDatabase first = EmbeddedPostgresServer.createDatabase();
		TestDatabase second = EmbeddedPostgresServer.createDatabase();
		assertThat(first.name()).isNotEqualTo(second.name());
		try (Connection connection = first.unpooledDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW server_version_num")) {
			result.next();
			assertThat(result.getInt(1)).isGreaterThanOrEqualTo(180000);
		}
	}

}
