package io.memguard.sample.bookings;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.memguard.data.batch.BatchResult;
import io.memguard.data.page.CursorPageResponse;
import io.memguard.data.page.CursorQuery;
import io.memguard.data.export.ExportFormat;
import io.memguard.data.page.KeysetScrolling;
import io.memguard.data.page.PageParams;
import io.memguard.data.page.PageQuery;
import io.memguard.data.page.PageResponse;
import io.memguard.data.export.StreamingExporter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The bookings list that used to load every row: now paginated, scrollable, exported in
 * constant memory, and processed in batches.
 */
@RestController
@RequestMapping("/api/bookings")
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
class BookingController {

	private static final int MAX_BATCH_SIZE = 10_000;

	private final BookingRepository bookings;

	private final StreamingExporter exporter;

	private final BookingJobs jobs;

	BookingController(BookingRepository bookings, StreamingExporter exporter, BookingJobs jobs) {
		this.bookings = bookings;
		this.exporter = exporter;
		this.jobs = jobs;
	}

	@GetMapping
	PageResponse<BookingView> list(
			@PageParams(sortable = { "createdAt", "id", "amount" }, defaultSort = "id") PageQuery query) {
		return PageResponse.of(this.bookings.findAll(query.toPageable()), BookingView::of);
	}

	@GetMapping("/scroll")
	CursorPageResponse<BookingView> scroll(@PageParams(sortable = { "createdAt", "id" },
			defaultSort = { "createdAt", "id" }, entity = Booking.class) CursorQuery query) {
		return query.toResponse(KeysetScrolling.scroll(this.bookings, query).map(BookingView::of));
	}

	@GetMapping("/export")
	void export(@RequestParam(defaultValue = "ndjson") String format, HttpServletResponse response) throws IOException {
		this.exporter.export(response, ExportFormat.fromParameter(format), "bookings",
				this.bookings::streamAllByOrderById, BookingView.COLUMNS);
	}

	/**
	 * Expires every pending booking, one transaction per batch; resumable with
	 * {@code after} set to the {@code last_committed_key} of a failed run.
	 */
	@PostMapping("/jobs/expire-pending")
	Map<String, Object> expirePending(@RequestParam(name = "batch-size", defaultValue = "500") int batchSize,
			@RequestParam(required = false) Long after) {
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			// a batch is held in memory: the size is bounded like a page size
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"batch-size must be an integer from 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
		}
		BatchResult<Long> result = this.jobs.expirePending(batchSize, after);
		return Map.of("completed", result.completed(), "batches", result.batches(), "items", result.items(),
				"last_committed_key", (result.lastCommittedKey() != null) ? result.lastCommittedKey() : 0L,
				"elapsed_ms", result.elapsed().toMillis());
	}

}
