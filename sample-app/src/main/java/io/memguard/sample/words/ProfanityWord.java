package io.memguard.sample.words;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A word the application filters out, per language.
 */
@Entity
public class ProfanityWord {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String word;

	private String language;

	private boolean active = true;

	protected ProfanityWord() {
	}

	ProfanityWord(String word, String language) {
		this.word = word;
		this.language = language;
	}

	public Long getId() {
		return this.id;
	}

	public String getWord() {
		return this.word;
	}

	public String getLanguage() {
		return this.language;
	}

	public boolean isActive() {
		return this.active;
	}

	void change(String word, String language) {
		this.word = word;
		this.language = language;
	}

}
