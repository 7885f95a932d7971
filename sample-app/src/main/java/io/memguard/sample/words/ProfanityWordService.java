package io.memguard.sample.words;

import java.util.List;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The profanity-word list. Reads come from the {@code profanity-words} cache; writes
 * contain no eviction code: Memguard evicts the cache after each commit because the cache
 * is bound to {@link ProfanityWord} in {@code application.yml}.
 */
@Service
class ProfanityWordService {

	private final ProfanityWordRepository repository;

	ProfanityWordService(ProfanityWordRepository repository) {
		this.repository = repository;
	}

	@Cacheable("profanity-words")
	public List<String> activeWords(String language) {
		return this.repository.findByLanguageAndActiveTrueOrderByWord(language)
			.stream()
			.map(ProfanityWord::getWord)
			.toList();
	}

	@Transactional
	public ProfanityWord create(String word, String language) {
		return this.repository.save(new ProfanityWord(word, language));
	}

	@Transactional
	public ProfanityWord update(long id, String word, String language) {
		ProfanityWord existing = this.repository.findById(id).orElseThrow(() -> new ProfanityWordNotFoundException(id));
		existing.change(word, language);
		return existing;
	}

	@Transactional
	public void delete(long id) {
		ProfanityWord existing = this.repository.findById(id).orElseThrow(() -> new ProfanityWordNotFoundException(id));
		this.repository.delete(existing);
	}

	public int deactivate(String language) {
		return this.repository.deactivateLanguage(language);
	}

}
