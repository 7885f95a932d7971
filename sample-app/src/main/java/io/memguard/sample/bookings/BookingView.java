package io.memguard.sample.bookings;

import java.math.BigDecimal;
import java.time.Instant;

import io.memguard.data.export.ExportColumns;

/**
 * What the API shows of a booking.
 *
 * @param id the id
 * @param guestName the guest
 * @param room the room
 * @param createdAt when it was booked
 * @param nights how many nights
 * @param amount the price
 * @param status where it stands
 */
public record BookingView(long id, String guestName, String room, Instant createdAt, int nights, BigDecimal amount,
		Booking.Status status) {

	/** The columns of an export, in the same names as the JSON view. */
	static final ExportColumns<Booking> COLUMNS = ExportColumns.of(Booking.class)
		.column("id", Booking::getId)
		.column("guestName", Booking::getGuestName)
		.column("room", Booking::getRoom)
		.column("createdAt", Booking::getCreatedAt)
		.column("nights", Booking::getNights)
		.column("amount", Booking::getAmount)
		.column("status", Booking::getStatus);

	/**
	 * The view of a booking.
	 * @param booking the booking
	 * @return its view
	 */
	public static BookingView of(Booking booking) {
		return new BookingView(booking.getId(), booking.getGuestName(), booking.getRoom(), booking.getCreatedAt(),
				booking.getNights(), booking.getAmount(), booking.getStatus());
	}

}
