package io.memguard.sample.demo;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartFile;

/**
 * Endpoints that allocate, wait, hold a database connection and read uploads, to show
 * memory shedding, admission, concurrency limits, pool limits and body-size limits at
 * work, and the flood the live page starts.
 */
@RestController
@RequestMapping("/demo")
class DemoController {

	private static final int MAX_MB = 1024;

	private static final int MAX_MILLIS = 60_000;

	private static final int MAX_CHUNK_KB = 64 * 1024;

	private static final int MAX_FLOOD_CLIENTS = 32;

	private static final int MAX_FLOOD_SECONDS = 60;

	private static final int MAX_FLOOD_MB = 64;

	private final AtomicReference<DemoFlood> flood = new AtomicReference<>();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	DemoController(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Allocates {@code mb} megabytes in chunks, like ordinary request work, and holds
	 * them for {@code holdMillis}.
	 */
	@GetMapping("/allocate")
	Map<String, Object> allocate(@RequestParam int mb, @RequestParam(defaultValue = "0") int holdMillis,
			@RequestParam(defaultValue = "64") int chunkKb) throws InterruptedException {
		requireBetween("mb", mb, 1, MAX_MB);
		requireBetween("holdMillis", holdMillis, 0, MAX_MILLIS);
		requireBetween("chunkKb", chunkKb, 1, MAX_CHUNK_KB);
		long total = (long) mb * 1024 * 1024;
		int chunk = chunkKb * 1024;
		List<byte[]> held = new ArrayList<>();
		for (long allocated = 0; allocated < total; allocated += chunk) {
			held.add(new byte[(int) Math.min(chunk, total - allocated)]);
		}
		Thread.sleep(holdMillis);
		Reference.reachabilityFence(held);
		return Map.of("allocatedBytes", total, "chunks", held.size(), "heldMillis", holdMillis);
	}

	/**
	 * Answers after {@code millis}, to fill concurrency slots.
	 */
	@GetMapping("/slow")
	Map<String, Object> slow(@RequestParam int millis) throws InterruptedException {
		requireBetween("millis", millis, 0, MAX_MILLIS);
		Thread.sleep(millis);
		return Map.of("sleptMillis", millis);
	}

	/**
	 * Holds a pooled database connection in a transaction for {@code millis}, like a slow
	 * report query, to fill the connection pool. It waits in Java rather than in the
	 * database so that it runs the same on H2 and PostgreSQL.
	 */
	@GetMapping("/hold-connection")
	Map<String, Object> holdConnection(@RequestParam int millis) {
		requireBetween("millis", millis, 0, MAX_MILLIS);
		return this.transactions.execute((status) -> {
			// a statement makes the transaction take its connection now, not lazily
			this.jdbc.queryForObject("select 1", Integer.class);
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while holding the connection", ex);
			}
			return Map.of("heldMillis", millis);
		});
	}

	/**
	 * Reads the request body as a stream and answers its byte count.
	 */
	@PostMapping("/upload")
	Map<String, Object> upload(HttpServletRequest request) throws IOException {
		byte[] buffer = new byte[8192];
		long bytes = 0;
		try (InputStream body = request.getInputStream()) {
			for (int read; (read = body.read(buffer)) != -1;) {
				bytes += read;
			}
		}
		return Map.of("bytes", bytes);
	}

	/**
	 * Reads multipart files as streams, 8 KB at a time, and answers their count and
	 * sizes. The parts were spooled to disk as they arrived.
	 */
	@PostMapping("/files")
	Map<String, Object> files(@RequestParam("files") List<MultipartFile> files) throws IOException {
		byte[] buffer = new byte[8192];
		List<Long> sizes = new ArrayList<>();
		for (MultipartFile file : files) {
			long bytes = 0;
			try (InputStream in = file.getInputStream()) {
				for (int read; (read = in.read(buffer)) != -1;) {
					bytes += read;
				}
			}
			sizes.add(bytes);
		}
		return Map.of("files", files.size(), "bytes", sizes);
	}

	/**
	 * Starts a flood of {@code /demo/allocate} from inside the server: {@code clients}
	 * clients (at most 32) for {@code seconds} (at most 60), each request allocating
	 * {@code mb} megabytes (at most 64) held for 1.5 s. One flood at a time.
	 */
	@PostMapping("/flood")
	ResponseEntity<Object> startFlood(@RequestParam(defaultValue = "24") int clients,
			@RequestParam(defaultValue = "20") int seconds, @RequestParam(defaultValue = "24") int mb,
			HttpServletRequest request) {
		requireBetween("clients", clients, 1, MAX_FLOOD_CLIENTS);
		requireBetween("seconds", seconds, 1, MAX_FLOOD_SECONDS);
		requireBetween("mb", mb, 1, MAX_FLOOD_MB);
		synchronized (this.flood) {
			DemoFlood running = this.flood.get();
			if (running != null && running.isRunning()) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
						"A flood is already running; wait for it to end.");
				problem.setTitle("Flood running");
				return ResponseEntity.status(HttpStatus.CONFLICT)
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(problem);
			}
			DemoFlood started = DemoFlood.start(ownAddress(request), clients, Duration.ofSeconds(seconds), mb);
			this.flood.set(started);
			return ResponseEntity.accepted().body(started.describe());
		}
	}

	/**
	 * The current or last flood.
	 */
	@GetMapping("/flood")
	Map<String, Object> flood() {
		DemoFlood last = this.flood.get();
		return (last != null) ? last.describe() : Map.of("running", false);
	}

	private static URI ownAddress(HttpServletRequest request) {
		String address = request.getLocalAddr();
		String host = address.contains(":") ? "[" + address + "]" : address;
		return URI.create("http://" + host + ":" + request.getLocalPort());
	}

	@ExceptionHandler({ InvalidParameterException.class, MissingServletRequestParameterException.class,
			MethodArgumentTypeMismatchException.class })
	ResponseEntity<ProblemDetail> badParameter(Exception ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request parameter");
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static void requireBetween(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidParameterException(
					"Parameter '" + name + "' must be between " + min + " and " + max + ", was " + value);
		}
	}

	static class InvalidParameterException extends RuntimeException {

		InvalidParameterException(String message) {
			super(message);
		}

	}

}
