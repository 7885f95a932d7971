package io.memguard.data.page;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.persister.entity.EntityPersister;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks at startup, on PostgreSQL, that an index leads with the columns each endpoint
 * sorts by: every sortable property and default sort of a {@link PageParams}, with the id
 * appended for keyset scrolling ({@link CursorQuery}), as Spring Data appends it. Warns
 * with a ready {@code CREATE INDEX CONCURRENTLY} statement, or fails startup with
 * {@code memguard.data.index-check=fail}. Does nothing (no query) when no endpoint takes
 * a {@link PageQuery} or {@link CursorQuery}.
 */
public class SortIndexCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SortIndexCheck.class);

	// Key columns of the valid, complete (not partial) B-tree indexes of the tables.
	private static final String INDEX_COLUMNS_QUERY = """
			SELECT t.name, array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, position)
					LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
					WHERE k.position <= i.indnkeyatts ORDER BY k.position)
			FROM unnest(?::text[]) t(name)
			JOIN pg_index i ON i.indrelid = to_regclass(t.name)
			JOIN pg_class c ON c.oid = i.indexrelid
			JOIN pg_am am ON am.oid = c.relam
			WHERE i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree'""";

	private final ObjectProvider<RequestMappingHandlerMapping> handlerMappings;

	private final EntityManagerFactory entityManagerFactory;

	private final DataSource dataSource;

	private final Mode mode;

	private volatile List<MissingIndex> missingIndexes;

	/**
	 * Creates the check.
	 * @param handlerMappings the application's request mappings
	 * @param entityManagerFactory maps sorted properties to tables and columns
	 * @param dataSource the database to check
	 * @param mode what to do about a missing index
	 */
	public SortIndexCheck(ObjectProvider<RequestMappingHandlerMapping> handlerMappings,
			EntityManagerFactory entityManagerFactory, DataSource dataSource, Mode mode) {
		this.handlerMappings = handlerMappings;
		this.entityManagerFactory = entityManagerFactory;
		this.dataSource = dataSource;
		this.mode = mode;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.mode == Mode.OFF) {
			return;
		}
		List<SortedEndpoint> endpoints = new ArrayList<>();
		this.handlerMappings.orderedStream()
			.forEach((mapping) -> endpoints.addAll(SortedEndpoint.of(mapping.getHandlerMethods())));
		if (endpoints.isEmpty()) {
			return;
		}
		List<MissingIndex> missing;
		long start = System.nanoTime();
		try {
			missing = check(endpoints);
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not check the indexes behind sorted columns", ex);
			return;
		}
		this.missingIndexes = missing;
		if (missing == null) {
			return;
		}
		logger.info("Checked the indexes behind the sorts of " + endpoints.size() + " endpoint(s) in "
				+ (System.nanoTime() - start) / 1_000_000 + " ms: " + missing.size() + " missing");
		if (missing.isEmpty()) {
			return;
		}
		if (this.mode == Mode.FAIL) {
			throw new MissingSortIndexException(missing);
		}
		missing.forEach((index) -> logger.warn(index.describe()));
	}

	/**
	 * The indexes found missing at startup.
	 * @return the missing indexes, or {@code null} when the check did not run (off, no
	 * sorted endpoint, not PostgreSQL)
	 */
	public List<MissingIndex> missingIndexes() {
		return this.missingIndexes;
	}

	/**
	 * The indexes missing behind the sorts of the endpoints.
	 * @param endpoints the sorted endpoints
	 * @return the missing indexes, or {@code null} when the database is not PostgreSQL
	 * @throws SQLException on a database error
	 */
	List<MissingIndex> check(List<SortedEndpoint> endpoints) throws SQLException {
		SessionFactoryImplementor sessionFactory = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		Map<String, Map<List<String>, Set<String>>> required = new LinkedHashMap<>();
		for (SortedEndpoint endpoint : endpoints) {
			EntityPersister persister = persister(sessionFactory, endpoint);
			if (persister == null) {
				continue;
			}
			String table = persister.getIdentifierTableDetails().getTableName();
			for (List<String> sort : endpoint.sorts()) {
				List<String> columns = columns(persister, sort, endpoint.keyset(), table);
				if (columns != null) {
					required.computeIfAbsent(table, (key) -> new LinkedHashMap<>())
						.computeIfAbsent(columns, (key) -> new TreeSet<>())
						.add(endpoint.name());
				}
			}
		}
		if (required.isEmpty()) {
			return List.of();
		}
		try (Connection connection = this.dataSource.getConnection()) {
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				return null;
			}
			Map<String, List<List<String>>> indexes = indexColumns(connection, required.keySet());
			List<MissingIndex> missing = new ArrayList<>();
			required.forEach((table, sorts) -> sorts.forEach((columns, names) -> {
				boolean served = indexes.getOrDefault(table, List.of())
					.stream()
					.anyMatch((index) -> index.size() >= columns.size()
							&& index.subList(0, columns.size()).equals(columns));
				if (!served) {
					missing.add(MissingIndex.of(table, columns, List.copyOf(names)));
				}
			}));
			return missing;
		}
	}

	private EntityPersister persister(SessionFactoryImplementor sessionFactory, SortedEndpoint endpoint) {
		Class<?> entity = endpoint.params().entity();
		if (entity != void.class) {
			return sessionFactory.getMappingMetamodel().getEntityDescriptor(entity);
		}
		List<String> properties = endpoint.sorts().stream().flatMap(List::stream).distinct().toList();
		List<EntityPersister> candidates = new ArrayList<>();
		for (EntityType<?> type : this.entityManagerFactory.getMetamodel().getEntities()) {
			EntityPersister persister = sessionFactory.getMappingMetamodel().getEntityDescriptor(type.getJavaType());
			if (properties.stream().allMatch((property) -> part(persister, property) != null)) {
				candidates.add(persister);
			}
		}
		if (candidates.size() != 1) {
			logger.info("Indexes behind the sorts of " + endpoint.name() + " not checked: "
					+ (candidates.isEmpty() ? "no entity has" : candidates.size() + " entities have") + " all of "
					+ properties + "; name it with @PageParams(entity = ...)");
			return null;
		}
		return candidates.get(0);
	}

	/**
	 * The columns of the sorted properties, with the id columns appended for keyset
	 * scrolling and nothing after the id (it makes the order unique); {@code null} when a
	 * property is not a column of the entity's table.
	 */
	private static List<String> columns(EntityPersister persister, List<String> sort, boolean keyset, String table) {
		List<String> columns = new ArrayList<>();
		List<String> idColumns = selectables(persister.getIdentifierMapping(), table);
		for (String property : sort) {
			ModelPart part = part(persister, property);
			List<String> propertyColumns = (part != null) ? selectables(part, table) : null;
			if (propertyColumns == null) {
				return null;
			}
			columns.addAll(propertyColumns);
			if (columns.containsAll(idColumns)) {
				return columns;
			}
		}
		if (keyset && idColumns != null) {
			idColumns.stream().filter((id) -> !columns.contains(id)).forEach(columns::add);
		}
		return columns;
	}

	private static ModelPart part(EntityPersister persister, String property) {
		if (property.equals(persister.getIdentifierPropertyName())) {
			return persister.getIdentifierMapping();
		}
		try {
			return persister.findByPath(property);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static List<String> selectables(ModelPart part, String table) {
		List<String> columns = new ArrayList<>();
		boolean[] elsewhere = new boolean[1];
		part.forEachSelectable((index, selectable) -> {
			if (selectable.isFormula() || !selectable.getContainingTableExpression().equals(table)) {
				elsewhere[0] = true;
			}
			columns.add(selectable.getSelectionExpression().replace("\"", "").toLowerCase(Locale.ROOT));
		});
		return (elsewhere[0] || columns.isEmpty()) ? null : columns;
	}

	private static Map<String, List<List<String>>> indexColumns(Connection connection, Set<String> tables)
			throws SQLException {
		Map<String, List<List<String>>> indexes = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(INDEX_COLUMNS_QUERY)) {
			statement.setArray(1, connection.createArrayOf("text", tables.toArray()));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					Array columns = result.getArray(2);
					List<String> names = new ArrayList<>();
					for (Object name : (Object[]) columns.getArray()) {
						names.add((name != null) ? name.toString().toLowerCase(Locale.ROOT) : "(expression)");
					}
					indexes.computeIfAbsent(result.getString(1), (key) -> new ArrayList<>()).add(names);
				}
			}
		}
		return indexes;
	}

	/**
	 * What the startup check of indexes behind sorted columns does.
	 */
	public enum Mode {

		/**
		 * Do not check.
		 */
		OFF,

		/**
		 * Log each missing index with the statement that creates it.
		 */
		WARN,

		/**
		 * Fail startup when an index is missing.
		 */
		FAIL

	}

}
