package io.memguard.data.testapp;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.memguard.data.page.CursorPageResponse;
import io.memguard.data.page.CursorQuery;
import io.memguard.data.export.ExportColumns;
import io.memguard.data.export.ExportFormat;
import io.memguard.data.page.KeysetScrolling;
import io.memguard.data.page.PageParams;
import io.memguard.data.page.PageQuery;
import io.memguard.data.page.PageResponse;
import io.memguard.data.export.StreamingExporter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web app with paginated, scrolled and exported endpoints over two test tables. Its
 * {@link #main} is also the forked JVM of the export memory test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DataTestApplication {

	static final ExportColumns<Ticket> TICKET_COLUMNS = ExportColumns.of(Ticket.class)
		.column("id", Ticket::getId)
		.column("name", Ticket::getName)
		.column("created_at", Ticket::getCreatedAt)
		.column("note", Ticket::getNote);

	static final ExportColumns<Reading> READING_COLUMNS = ExportColumns.of(Reading.class)
		.column("id", Reading::getId)
		.column("sensor", Reading::getSensor)
		.column("value", Reading::getValue)
		.column("recorded_at", Reading::getRecordedAt);

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(DataTestApplication.class);
		application.addListeners((ApplicationListener<WebServerInitializedEvent>) (event) -> System.out
			.println("LISTENING ON PORT " + event.getWebServer().getPort()));
		application.run(args);
	}

	public record TicketView(long id, String name, Instant createdAt) {

		static TicketView of(Ticket ticket) {
			return new TicketView(ticket.getId(), ticket.getName(), ticket.getCreatedAt());
		}

	}

	public record ReadingView(long id, String sensor, Instant recordedAt) {

		static ReadingView of(Reading reading) {
			return new ReadingView(reading.getId(), reading.getSensor(), reading.getRecordedAt());
		}

	}

	@RestController
	@RequestMapping("/tickets")
	static class TicketController {

		private final TicketRepository tickets;

		private final StreamingExporter exporter;

		TicketController(TicketRepository tickets, StreamingExporter exporter) {
			this.tickets = tickets;
			this.exporter = exporter;
		}

		@GetMapping
		PageResponse<TicketView> page(
				@PageParams(sortable = { "createdAt", "id", "name" }, defaultSort = "id") PageQuery query) {
			return PageResponse.of(this.tickets.findAll(query.toPageable()), TicketView::of);
		}

		@GetMapping("/slice")
		PageResponse<TicketView> slice(@PageParams(sortable = "id", defaultSort = "id") PageQuery query) {
			return PageResponse.of(this.tickets.findAllBy(query.toPageable()), TicketView::of);
		}

		@GetMapping("/wide")
		@PageParams(maxSize = 200, defaultSize = 10, defaultSort = "id")
		PageResponse<TicketView> wide(PageQuery query) {
			return PageResponse.of(this.tickets.findAll(query.toPageable()), TicketView::of);
		}

		@GetMapping("/scroll")
		CursorPageResponse<TicketView> scroll(
				@PageParams(sortable = { "createdAt", "id" }, defaultSort = { "createdAt", "id" }) CursorQuery query) {
			return query
				.toResponse(this.tickets.findBy(query.position(), query.sort(), query.limit()).map(TicketView::of));
		}

		@GetMapping("/scroll-by-name")
		CursorPageResponse<TicketView> scrollByName(
				@PageParams(sortable = "name", defaultSort = "name") CursorQuery query) {
			return query
				.toResponse(this.tickets.findBy(query.position(), query.sort(), query.limit()).map(TicketView::of));
		}

		@GetMapping("/all")
		List<TicketView> all() {
			return this.tickets.findAll().stream().map(TicketView::of).toList();
		}

		@GetMapping("/export")
		void export(@RequestParam String format, HttpServletResponse response) throws IOException {
			this.exporter.export(response, ExportFormat.fromParameter(format), "tickets",
					this.tickets::streamAllByOrderById, TICKET_COLUMNS);
		}

	}

	@RestController
	@RequestMapping("/readings")
	static class ReadingController {

		private final ReadingRepository readings;

		private final StreamingExporter exporter;

		ReadingController(ReadingRepository readings, StreamingExporter exporter) {
			this.readings = readings;
			this.exporter = exporter;
		}

		@GetMapping("/scroll")
		CursorPageResponse<ReadingView> scroll(@RequestParam String sensor,
				@PageParams(sortable = { "recordedAt", "id" },
						defaultSort = { "recordedAt", "id" }) CursorQuery query) {
			Specification<Reading> ofSensor = (root, criteria, builder) -> builder.equal(root.get("sensor"), sensor);
			return query.toResponse(KeysetScrolling.scroll(this.readings, ofSensor, query).map(ReadingView::of));
		}

		/**
		 * The same pages as {@link #scroll}, from string queries that Spring Data cannot
		 * scroll: seek on the cursor's keys, fetch one extra row.
		 */
		@GetMapping("/scroll-query")
		CursorPageResponse<ReadingView> scrollWithQuery(@RequestParam String sensor, @PageParams CursorQuery query) {
			Limit limit = Limit.of(query.pageSize() + 1);
			List<Reading> rows = query.keys().isEmpty() ? this.readings.findFirst(sensor, limit)
					: query.isBackward()
							? this.readings.findBefore(sensor, query.key("recordedAt", Instant.class),
									query.key("id", Long.class), limit)
							: this.readings.findAfter(sensor, query.key("recordedAt", Instant.class),
									query.key("id", Long.class), limit);
			return query.toResponse(rows.stream().map(ReadingView::of).toList(),
					(reading) -> Map.of("recordedAt", reading.recordedAt(), "id", reading.id()));
		}

		@GetMapping("/export")
		void export(@RequestParam String format, HttpServletResponse response) throws IOException {
			this.exporter.export(response, ExportFormat.fromParameter(format), "readings",
					this.readings::streamAllByOrderById, READING_COLUMNS);
		}

	}

}
