package io.memguard.dropin.sqlinit;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * A row of the {@code owners} table that {@code schema.sql} creates.
 */
@Entity(name = "owners")
public class Owner {

	@Id
	private Integer id;

	private String name;

	public Integer getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
