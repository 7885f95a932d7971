package io.memguard.cache.jpa;

import java.util.List;

import io.memguard.test.postgres.PostgresDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache with a key expression, changed by an update whose old state Hibernate does not
 * know (a {@code StatelessSession} update).
 */
@SpringBootTest(properties = { "spring.flyway.locations=classpath:db/cache-test", "spring.jpa.hibernate.ddl-auto=none",
		"memguard.cache.caches.words-by-language.invalidate-on=io.memguard.cache.jpa.Word",
		"memguard.cache.caches.words-by-language.key=language" })
class StatelessUpdateInvalidationPostgresTests {

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		postgres.registerSpringProperties(registry);
	}

	@Autowired
	private WordRepository repository;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void updateWithoutItsOldStateClearsAKeyedCache(@Autowired EntityManagerFactory factory) {
		Word word = this.repository.save(new Word("apple", "en"));
		Cache cache = this.cacheManager.getCache("words-by-language");
		cache.put("en", List.of("apple"));
		cache.put("de", List.of());
		cache.put("fr", List.of());
		ReflectionTestUtils.setField(word, "language", "de");
		factory.unwrap(SessionFactory.class).inStatelessTransaction((session) -> session.update(word));
		// the old key "en" cannot be computed without the old state
		assertThat(cache.get("en")).isNull();
		assertThat(cache.get("de")).isNull();
	}

}
