package io.memguard.sample.bookings;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/**
 * A hotel booking.
 */
@Entity
public class Booking {

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "booking_seq")
	@SequenceGenerator(name = "booking_seq", sequenceName = "booking_seq", allocationSize = 50)
	private Long id;

	private String guestName;

	private String room;

	private Instant createdAt;

	private int nights;

	private BigDecimal amount;

	@Enumerated(EnumType.STRING)
	private Status status;

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

	public Status getStatus() {
		return this.status;
	}

	/**
	 * Expires a booking that was never confirmed.
	 */
	public void expireIfPending() {
		if (this.status == Status.PENDING) {
			this.status = Status.EXPIRED;
		}
	}

	/**
	 * Where a booking stands.
	 */
	public enum Status {

		/** Waiting for confirmation. */
		PENDING,

		/** Confirmed by the guest. */
		CONFIRMED,

		/** Never confirmed, expired by the batch job. */
		EXPIRED

	}

}
