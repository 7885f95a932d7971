package io.memguard.sample.bookings;

import java.io.IOException;
import java.io.OutputStream;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bookings endpoints as an application without Memguard writes them, in place of
 * {@link BookingController} when {@code memguard.enabled=false}: the baseline that
 * Memguard is measured against. Spring Data's pages ({@code page} from 0, {@code size}
 * silently clamped at 2000) and an NDJSON export that streams the repository in a
 * read-only transaction, with the driver's default fetch size and every exported entity
 * kept in the persistence context. Keyset scrolling and the batch job are Memguard's, so
 * they are not there.
 */
@RestController
@RequestMapping("/api/bookings")
@ConditionalOnBooleanProperty(name = "memguard.enabled", havingValue = false)
class PlainBookingController {

	private final BookingRepository bookings;

	private final TransactionTemplate readOnly;

	private final JsonMapper jsonMapper;

	PlainBookingController(BookingRepository bookings, TransactionTemplate transaction, JsonMapper jsonMapper) {
		this.bookings = bookings;
		this.readOnly = new TransactionTemplate(transaction.getTransactionManager());
		this.readOnly.setReadOnly(true);
		this.jsonMapper = jsonMapper;
	}

	@GetMapping
	PagedModel<BookingView> list(Pageable pageable) {
		return new PagedModel<>(this.bookings.findAll(pageable).map(BookingView::of));
	}

	@GetMapping("/export")
	void export(HttpServletResponse response) throws IOException {
		response.setContentType("application/x-ndjson");
		OutputStream out = response.getOutputStream();
		this.readOnly.executeWithoutResult((status) -> {
			try (Stream<Booking> rows = this.bookings.streamAllByOrderById()) {
				rows.forEach((booking) -> {
					try {
						out.write(this.jsonMapper.writeValueAsBytes(BookingView.of(booking)));
						out.write('\n');
					}
					catch (IOException ex) {
						throw new IllegalStateException("Export interrupted", ex);
					}
				});
			}
		});
	}

}
