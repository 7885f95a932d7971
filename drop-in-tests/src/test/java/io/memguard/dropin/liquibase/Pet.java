package io.memguard.dropin.liquibase;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A row of the {@code pets} table of the Liquibase changelog. Its {@code INT} id mapped
 * to a {@code Long} works, but Hibernate's schema validation would reject it, as it would
 * many schemas written by hand: nothing may turn validation on behind Liquibase's back.
 */
@Entity(name = "pets")
public class Pet {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String name;

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
