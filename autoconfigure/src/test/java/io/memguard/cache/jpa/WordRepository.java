package io.memguard.cache.jpa;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface WordRepository extends JpaRepository<Word, Long> {

	List<Word> findByLanguageAndActiveTrueOrderByText(String language);

	@Modifying
	@Transactional
	@Query("update Word w set w.active = false where w.language = :language")
	int deactivateLanguage(String language);

}
