package io.memguard.benchmarks.data;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The booking row of the data benchmarks.
 */
@Entity
@Table(name = "booking")
public class BenchBooking {

	@Id
	private Long id;

	private String guestName;

	private String room;

	private Instant createdAt;

	private int nights;

	private BigDecimal amount;

	private String status;

	public Long getId() {
		return this.id;
	}

	public String getGuestName() {
		return this.guestName;
	}

	public String getRoom() {
		return this.room;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public int getNights() {
		return this.nights;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

	public String getStatus() {
		return this.status;
	}

}
