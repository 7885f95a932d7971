package io.memguard.schema.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds Flyway SQL migrations in a directory or a class path location (searched
 * recursively, as Flyway does), with their script configuration files.
 */
public final class MigrationScripts {

	private MigrationScripts() {
	}

	/**
	 * Reads a migration from its file name and content.
	 * @param fileName the file name, such as {@code V2__add_index.sql}
	 * @param sql the content
	 * @param naming the naming convention
	 * @return the migration, or {@code null} when the name is not one of a migration
	 * (such as a callback script)
	 */
	public static MigrationScript parse(String fileName, String sql, Naming naming) {
		String suffix = naming.suffixes().stream().filter(fileName::endsWith).findFirst().orElse(null);
		if (suffix == null) {
			return null;
		}
		String base = fileName.substring(0, fileName.length() - suffix.length());
		int separator = base.indexOf(naming.separator());
		if (separator < 0) {
			return null;
		}
		String head = base.substring(0, separator);
		String description = base.substring(separator + naming.separator().length()).replace('_', ' ');
		if (head.equals(naming.repeatablePrefix())) {
			return new MigrationScript(fileName, null, description, sql, null, null);
		}
		if (head.startsWith(naming.versionedPrefix())
				&& MigrationScript.isVersion(head.substring(naming.versionedPrefix().length()))) {
			return new MigrationScript(fileName, head.substring(naming.versionedPrefix().length()), description, sql,
					null, null);
		}
		return null;
	}

	/**
	 * The migrations under a directory.
	 * @param directory the directory, such as {@code src/main/resources/db/migration}
	 * @param naming the naming convention
	 * @param encoding the encoding of the scripts
	 * @return the migrations, in Flyway's order
	 */
	public static List<MigrationScript> fromDirectory(Path directory, Naming naming, Charset encoding) {
		List<MigrationScript> scripts = new ArrayList<>();
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				MigrationScript script = parse(file.getFileName().toString(), Files.readString(file, encoding), naming);
				if (script != null) {
					Path configuration = file.resolveSibling(file.getFileName() + ".conf");
					scripts.add(Files.isRegularFile(configuration)
							? script.withConfiguration(Files.readString(configuration, encoding)) : script);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the migrations under " + directory, ex);
		}
		scripts.sort(MigrationScript.FLYWAY_ORDER);
		return scripts;
	}

	/**
	 * The migrations under a class path location, in directories and jars.
	 * @param location the location, such as {@code db/migration} (a {@code classpath:}
	 * prefix is accepted)
	 * @param classLoader the class loader to search
	 * @param naming the naming convention
	 * @param encoding the encoding of the scripts
	 * @return the migrations, in Flyway's order
	 */
	public static List<MigrationScript> fromClasspath(String location, ClassLoader classLoader, Naming naming,
			Charset encoding) {
		String path = location.replaceFirst("^classpath:", "").replaceAll("^/+|/+$", "");
		List<MigrationScript> scripts = new ArrayList<>();
		try {
			Enumeration<URL> roots = classLoader.getResources(path);
			while (roots.hasMoreElements()) {
				URL root = roots.nextElement();
				if ("file".equals(root.getProtocol())) {
					scripts.addAll(fromDirectory(Paths.get(root.toURI()), naming, encoding));
				}
				else if ("jar".equals(root.getProtocol())) {
					scripts.addAll(fromJar(root, path, naming, encoding));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the migrations in classpath:" + path, ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Could not read the migrations in classpath:" + path, ex);
		}
		scripts.sort(MigrationScript.FLYWAY_ORDER);
		return scripts;
	}

	private static List<MigrationScript> fromJar(URL root, String path, Naming naming, Charset encoding)
			throws IOException {
		List<MigrationScript> scripts = new ArrayList<>();
		URLConnection connection = root.openConnection();
		connection.setUseCaches(false);
		try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
			for (JarEntry entry : jar.stream().filter((e) -> e.getName().startsWith(path + "/")).toList()) {
				String fileName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
				MigrationScript script = parse(fileName, read(jar, entry, encoding), naming);
				if (script != null) {
					JarEntry configuration = jar.getJarEntry(entry.getName() + ".conf");
					scripts.add((configuration != null) ? script.withConfiguration(read(jar, configuration, encoding))
							: script);
				}
			}
		}
		return scripts;
	}

	private static String read(JarFile jar, JarEntry entry, Charset encoding) throws IOException {
		try (InputStream input = jar.getInputStream(entry)) {
			return new String(input.readAllBytes(), encoding);
		}
	}

	/**
	 * How migrations are named: Flyway's {@code sqlMigrationPrefix},
	 * {@code repeatableSqlMigrationPrefix}, {@code sqlMigrationSeparator} and
	 * {@code sqlMigrationSuffixes}.
	 *
	 * @param versionedPrefix the prefix of versioned migrations
	 * @param repeatablePrefix the prefix of repeatable migrations
	 * @param separator the separator between version and description
	 * @param suffixes the file suffixes
	 */
	public record Naming(String versionedPrefix, String repeatablePrefix, String separator, List<String> suffixes) {

		/**
		 * Flyway's defaults: {@code V1__x.sql}, {@code R__x.sql}.
		 */
		public static final Naming FLYWAY_DEFAULTS = new Naming("V", "R", "__", List.of(".sql"));

	}

}
