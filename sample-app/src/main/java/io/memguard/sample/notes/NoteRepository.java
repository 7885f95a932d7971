package io.memguard.sample.notes;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Stores {@link Note notes}.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

	/**
	 * The newest notes, never the whole table.
	 * @return up to 50 notes, newest first
	 */
	List<Note> findTop50ByOrderByIdDesc();

}
