package io.memguard.sample.notes;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A tiny REST API over {@link Note notes}. Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/notes")
class NoteController {

	private final NoteRepository notes;

	NoteController(NoteRepository notes) {
		this.notes = notes;
	}

	@GetMapping
	List<Note> latest() {
		return this.notes.findTop50ByOrderByIdDesc();
	}

	@GetMapping("/{id}")
	Note note(@PathVariable long id) {
		return this.notes.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No note with id " + id));
	}

	@PostMapping
	ResponseEntity<Note> create(@Valid @RequestBody NewNote request) {
		Note note = this.notes.save(new Note(request.title(), request.body(), Instant.now()));
		return ResponseEntity.created(URI.create("/notes/" + note.getId())).body(note);
	}

	/**
	 * A note to create.
	 *
	 * @param title its title
	 * @param body its text
	 */
	record NewNote(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 4000) String body) {

	}

}
