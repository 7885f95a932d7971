package io.memguard;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the {@code memguard.*} keys of the README's property tables in step with the
 * configuration metadata the build generates: every key a table names exists, and every
 * key that exists is in a table.
 * <p>
 * Keys are read from the table columns headed "Property" (the reference tables) and "Off
 * switch" (the front door's table of defaults). Keys of a list or a map of settings are
 * written with a placeholder, {@code memguard.websocket.limits[n].user.enabled} or
 * {@code memguard.cache.caches.<name>.maximum-size}; their settings are the bean
 * properties of the element type the metadata names, as the binder sees them.
 */
class ReadmePropertiesTests {

	private static final String PREFIX = "memguard.";

	private static final Set<String> KEY_COLUMNS = Set.of("Property", "Off switch");

	private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	private static final Pattern INDEX = Pattern.compile("\\[[^\\]]*\\]");

	private static Metadata metadata;

	private static Map<String, String> readmeKeys;

	@BeforeAll
	static void readReadmeAndMetadata() throws IOException, URISyntaxException {
		Path testClasses = Path
			.of(ReadmePropertiesTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path classes = testClasses.resolveSibling("classes").resolve("META-INF");
		metadata = Metadata.read(classes.resolve("spring-configuration-metadata.json"),
				classes.resolve("additional-spring-configuration-metadata.json"));
		readmeKeys = keysInTables(Files.readAllLines(readme(testClasses)));
	}

	@Test
	void readmeTablesNameOnlyPropertiesThatExist() {
		Map<String, String> unknown = new TreeMap<>();
		readmeKeys.forEach((canonical, written) -> {
			if (!metadata.expectedKeys().contains(canonical)) {
				unknown.put(written, canonical);
			}
		});
		assertThat(unknown).as("memguard.* keys in the README's tables that the configuration metadata does not have")
			.isEmpty();
	}

	@Test
	void everyPropertyIsInAReadmeTable() {
		Set<String> undocumented = new TreeSet<>(metadata.expectedKeys());
		undocumented.removeAll(readmeKeys.keySet());
		assertThat(undocumented).as("memguard.* properties that no README property table names").isEmpty();
	}

	@Test
	void keysAreReadFromTheReadmesTablesInCanonicalForm() {
		assertThat(readmeKeys).containsKeys("memguard.enabled", "memguard.websocket.limits[*].user.max-sessions",
				"memguard.cache.caches.*.maximum-size");
	}

	private static Path readme(Path from) {
		for (Path directory = from; directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("README.md"))
					&& Files.isDirectory(directory.resolve("autoconfigure"))) {
				return directory.resolve("README.md");
			}
		}
		throw new IllegalStateException("No README.md above " + from);
	}

	/**
	 * The keys named in the key columns of the README's tables.
	 * @return each key in its canonical form, mapped to how the README writes it
	 */
	private static Map<String, String> keysInTables(List<String> lines) {
		Map<String, String> keys = new TreeMap<>();
		List<Integer> keyColumns = List.of();
		boolean inTable = false;
		for (String line : lines) {
			if (!line.startsWith("|")) {
				inTable = false;
				continue;
			}
			List<String> cells = cells(line);
			if (!inTable) {
				inTable = true;
				keyColumns = new ArrayList<>();
				for (int i = 0; i < cells.size(); i++) {
					if (KEY_COLUMNS.contains(cells.get(i))) {
						keyColumns.add(i);
					}
				}
				continue;
			}
			for (int column : keyColumns) {
				Matcher backticked = BACKTICKED.matcher((column < cells.size()) ? cells.get(column) : "");
				while (backticked.find()) {
					String key = backticked.group(1).replaceFirst("=.*", "").trim();
					if (key.startsWith(PREFIX)) {
						keys.put(metadata.canonical(key), key);
					}
				}
			}
		}
		return keys;
	}

	private static List<String> cells(String row) {
		String inner = row.trim().replaceAll("^\\|", "").replaceAll("\\|$", "");
		return List.of(inner.split("\\|", -1)).stream().map(String::trim).toList();
	}

	/**
	 * The {@code memguard.*} properties of the configuration metadata.
	 *
	 * @param scalars keys bound to a single value
	 * @param lists keys of a list of settings, with the element's setting names
	 * @param maps keys of a map of settings, with the value's setting names
	 * @param scalarCollections keys of a list or map of single values
	 * ({@code trusted-proxies}, {@code body-size-overrides})
	 */
	private record Metadata(Set<String> scalars, Map<String, Set<String>> lists, Map<String, Set<String>> maps,
			Set<String> scalarCollections) {

		static Metadata read(Path... files) throws IOException {
			Metadata metadata = new Metadata(new TreeSet<>(), new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
			JsonMapper json = JsonMapper.builder().build();
			for (Path file : files) {
				if (Files.isRegularFile(file)) {
					for (JsonNode property : json.readTree(file).path("properties")) {
						metadata.add(property.path("name").asString(), property.path("type").asString(""));
					}
				}
			}
			assertThat(metadata.scalars()).as("memguard.* properties in " + files[0]).isNotEmpty();
			return metadata;
		}

		private void add(String name, String type) {
			if (!name.startsWith(PREFIX)) {
				return;
			}
			String element = elementType(type);
			if (element == null || isScalar(element)) {
				((element == null) ? this.scalars : this.scalarCollections).add(name);
			}
			else {
				Set<String> settings = settingsOf(ClassUtils.resolveClassName(element, null), "");
				(type.startsWith("java.util.Map<") ? this.maps : this.lists).put(name, settings);
			}
		}

		/**
		 * The element type of a list or set, or the value type of a map, as the metadata
		 * writes it.
		 */
		private static String elementType(String type) {
			Matcher generic = Pattern
				.compile("java\\.util\\.(?:List|Set|Collection)<(.+)>|java\\.util\\.Map<[^,]+,(.+)>")
				.matcher(type);
			if (!generic.matches()) {
				return null;
			}
			return (generic.group(1) != null) ? generic.group(1) : generic.group(2);
		}

		private static boolean isScalar(String type) {
			return !type.startsWith("io.memguard.") || ClassUtils.resolveClassName(type, null).isEnum();
		}

		/**
		 * The setting names of a bean type as the binder sees them: kebab-case property
		 * names, nested groups joined with dots.
		 */
		private static Set<String> settingsOf(Class<?> type, String prefix) {
			Set<String> settings = new TreeSet<>();
			for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
				Class<?> propertyType = property.getPropertyType();
				if (property.getReadMethod() == null || propertyType == Class.class) {
					continue;
				}
				String name = prefix + kebabCase(property.getName());
				if (!isScalar(propertyType.getName())) {
					settings.addAll(settingsOf(propertyType, name + "."));
				}
				else if (property.getWriteMethod() != null || Collection.class.isAssignableFrom(propertyType)
						|| Map.class.isAssignableFrom(propertyType)) {
					settings.add(name);
				}
			}
			return settings;
		}

		private static String kebabCase(String camelCase) {
			return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
		}

		/**
		 * Every key the README's tables should name, in canonical form:
		 * {@code memguard.websocket.limits[*].user.enabled},
		 * {@code memguard.cache.caches.*.maximum-size}.
		 */
		Set<String> expectedKeys() {
			Set<String> keys = new TreeSet<>(this.scalars);
			keys.addAll(this.scalarCollections);
			this.lists.forEach((list, settings) -> settings.forEach((setting) -> keys.add(list + "[*]." + setting)));
			this.maps.forEach((map, settings) -> settings.forEach((setting) -> keys.add(map + ".*." + setting)));
			return keys;
		}

		/**
		 * The canonical form of a key as the README writes it: list indexes become
		 * {@code [*]}, the key of a map of settings becomes {@code *}, and a key inside a
		 * list or map of single values is the collection's own key.
		 */
		String canonical(String written) {
			String key = INDEX.matcher(written).replaceAll("[*]");
			for (String collection : this.scalarCollections) {
				if (key.startsWith(collection + ".") || key.startsWith(collection + "[")) {
					return collection;
				}
			}
			for (String map : this.maps.keySet()) {
				if (key.startsWith(map + ".") || key.startsWith(map + "[")) {
					String entry = key.substring(map.length()).replaceFirst("^\\[\\*\\]", ".*");
					return map + entry.replaceFirst("^\\.(<[^>]*>|[^.]*)\\.", ".*.");
				}
			}
			return key;
		}

	}

}
