package io.memguard.data.testapp;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Reading {

	@Id
	private Long id;

	private String sensor;

	private double value;

	private Instant recordedAt;

	public Long getId() {
		return this.id;
	}

	public String getSensor() {
		return this.sensor;
	}

	public double getValue() {
		return this.value;
	}

	public Instant getRecordedAt() {
		return this.recordedAt;
	}

}
