package io.memguard.schema.lint;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationScriptsTests {

	private static final MigrationScripts.Naming NAMING = MigrationScripts.Naming.FLYWAY_DEFAULTS;

	@Test
	void findsMigrationsInNestedDirectoriesWithTheirConfigurationAndSkipsOtherFiles(@TempDir Path root)
			throws Exception {
		Path location = Files.createDirectories(root.resolve("db/migration/sub"));
		Files.writeString(location.resolve("V1_1__index.sql"), "create index concurrently i on t (c);");
		Files.writeString(location.resolve("V1_1__index.sql.conf"), "executeInTransaction=false\n");
		Files.writeString(root.resolve("db/migration/V1__create.sql"), "create table t (c int);");
		Files.writeString(root.resolve("db/migration/R__views.sql"), "create view v as select 1;");
		Files.writeString(root.resolve("db/migration/afterMigrate.sql"), "select 1;");
		Files.writeString(root.resolve("db/migration/README.md"), "notes");
		List<MigrationScript> scripts = MigrationScripts.fromDirectory(root.resolve("db/migration"), NAMING,
				StandardCharsets.UTF_8);
		assertThat(scripts).extracting(MigrationScript::name)
			.containsExactly("V1__create.sql", "V1_1__index.sql", "R__views.sql");
		assertThat(scripts.get(1).executeInTransaction()).isFalse();
		assertThat(scripts.get(1).version()).isEqualTo("1_1");
		assertThat(scripts.get(2).isVersioned()).isFalse();
	}

	@Test
	void findsMigrationsInsideAJarOnTheClassPath(@TempDir Path root) throws Exception {
		Path jar = root.resolve("migrations.jar");
		try (JarOutputStream output = new JarOutputStream(Files.newOutputStream(jar))) {
			// directory entries, as Maven writes them: the class loader finds a location
			// through them
			for (String directory : List.of("db/", "db/migration/", "db/other/")) {
				output.putNextEntry(new JarEntry(directory));
				output.closeEntry();
			}
			write(output, "db/migration/V1__create.sql", "create table t (c int);");
			write(output, "db/migration/V2__index.sql", "create index i on t (c);");
			write(output, "db/migration/V2__index.sql.conf", "flyway.executeInTransaction=true");
			write(output, "db/other/V3__elsewhere.sql", "drop table t;");
		}
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			List<MigrationScript> scripts = MigrationScripts.fromClasspath("classpath:db/migration", classLoader,
					NAMING, StandardCharsets.UTF_8);
			assertThat(scripts).extracting(MigrationScript::name).containsExactly("V1__create.sql", "V2__index.sql");
			assertThat(scripts.get(1).executeInTransaction()).isTrue();
			assertThat(
					new MigrationLinter(LintOptions.defaults().withSessionLockTimeout(true)).lint(scripts).findings())
				.extracting(Finding::rule)
				.containsExactly(LintRule.CREATE_INDEX_NOT_CONCURRENTLY);
		}
	}

	private static void write(JarOutputStream jar, String name, String content) throws Exception {
		jar.putNextEntry(new JarEntry(name));
		OutputStream output = jar;
		output.write(content.getBytes(StandardCharsets.UTF_8));
		jar.closeEntry();
	}

}
