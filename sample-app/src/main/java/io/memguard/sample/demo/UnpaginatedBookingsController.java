package io.memguard.sample.demo;

import java.util.List;

import io.memguard.sample.bookings.BookingRepository;
import io.memguard.sample.bookings.BookingView;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * <strong>The anti-pattern, kept on purpose:</strong> a list endpoint that loads every
 * booking into memory and answers them all in one response, as {@code /api/bookings} did
 * before it was paginated. Each call holds every row as an entity, a view and JSON at
 * once (tens of megabytes for the 100 000 seeded rows), so a handful of parallel calls
 * exhaust a small heap. It exists so the overload harness ({@code benchmarks/}) can
 * compare it with the paginated {@code /api/bookings}; never write an endpoint like it.
 */
@RestController
class UnpaginatedBookingsController {

	private final BookingRepository bookings;

	UnpaginatedBookingsController(BookingRepository bookings) {
		this.bookings = bookings;
	}

	@GetMapping("/demo/bookings/all")
	List<BookingView> allBookings() {
		return this.bookings.findAll().stream().map(BookingView::of).toList();
	}

}
