package io.memguard.sample.schema;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A release of the application, in a table created by the {@code V2} Flyway migration and
 * only validated by Hibernate.
 */
@Entity
public class Deployment {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 50)
	private String version;

	@Column(name = "deployed_at", nullable = false)
	private Instant deployedAt;

	protected Deployment() {
	}

	public Deployment(String version, Instant deployedAt) {
		this.version = version;
		this.deployedAt = deployedAt;
	}

	public Long getId() {
		return this.id;
	}

	public String getVersion() {
		return this.version;
	}

	public Instant getDeployedAt() {
		return this.deployedAt;
	}

}
