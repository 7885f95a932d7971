package io.memguard.cache.jpa;

import java.util.List;

import io.memguard.cache.InvalidatesCaches;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

@Service
public class WordCatalog {

	/**
	 * Runs after the database was read and before the value is cached: lets a test hold a
	 * reader between its load and its put.
	 */
	static volatile Runnable afterLoad = () -> {
	};

	private final WordRepository repository;

	private final JdbcTemplate jdbc;

	WordCatalog(WordRepository repository, JdbcTemplate jdbc) {
		this.repository = repository;
		this.jdbc = jdbc;
	}

	@Cacheable("words")
	public List<String> activeWords(String language) {
		List<String> words = this.repository.findByLanguageAndActiveTrueOrderByText(language)
			.stream()
			.map(Word::getText)
			.toList();
		afterLoad.run();
		return words;
	}

	@Cacheable("word-text")
	public String text(Long id) {
		return this.repository.findById(id).map(Word::getText).orElse(null);
	}

	@Cacheable("plain")
	public String plain(String key) {
		return key.toUpperCase();
	}

	@CacheEvict("plain")
	public void evictPlain(String key) {
	}

	@InvalidatesCaches(entities = Word.class)
	public void renameWithJdbc(Long id, String text) {
		this.jdbc.update("update word set text = ? where id = ?", text, id);
	}

}
