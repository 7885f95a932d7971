package io.memguard.cache.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

@Entity
public class Word {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String text;

	private String language;

	private boolean active = true;

	protected Word() {
	}

	public Word(String text, String language) {
		this.text = text;
		this.language = language;
	}

	public Long getId() {
		return this.id;
	}

	public String getText() {
		return this.text;
	}

	public void setText(String text) {
		this.text = text;
	}

	public String getLanguage() {
		return this.language;
	}

	public boolean isActive() {
		return this.active;
	}

}
