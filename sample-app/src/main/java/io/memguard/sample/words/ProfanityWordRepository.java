package io.memguard.sample.words;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ProfanityWordRepository extends JpaRepository<ProfanityWord, Long> {

	List<ProfanityWord> findByLanguageAndActiveTrueOrderByWord(String language);

	/**
	 * One bulk statement: Memguard clears the caches bound to {@link ProfanityWord} after
	 * it commits, with no eviction code here.
	 * @param language the language
	 * @return the number of words deactivated
	 */
	@Modifying
	@Transactional
	@Query("update ProfanityWord w set w.active = false where w.language = :language and w.active = true")
	int deactivateLanguage(String language);

}
