package io.memguard.schema.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * An entity matching the {@code db/schema/base} migrations.
 */
@Entity
public class Account {

	@Id
	private Long id;

	private String name;

	private String email;

	protected Account() {
	}

}
