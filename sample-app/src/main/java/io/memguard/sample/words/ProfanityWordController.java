package io.memguard.sample.words;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The profanity-word API: the active words of a language (served from a cache that is
 * always current after a write), and the writes that change them.
 */
@RestController
@RequestMapping("/api/profanity-words")
class ProfanityWordController {

	private static final String LANGUAGE = "[a-z]{2}";

	private final ProfanityWordService service;

	ProfanityWordController(ProfanityWordService service) {
		this.service = service;
	}

	@GetMapping
	List<String> activeWords(@RequestParam @Pattern(regexp = LANGUAGE) String language) {
		return this.service.activeWords(language);
	}

	@PostMapping
	ResponseEntity<WordResponse> create(@Valid @RequestBody WordRequest request) {
		ProfanityWord created = this.service.create(request.word(), request.language());
		return ResponseEntity.created(URI.create("/api/profanity-words/" + created.getId()))
			.body(WordResponse.of(created));
	}

	@PutMapping("/{id}")
	WordResponse update(@PathVariable long id, @Valid @RequestBody WordRequest request) {
		return WordResponse.of(this.service.update(id, request.word(), request.language()));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.service.delete(id);
	}

	@PostMapping("/deactivate")
	Map<String, Integer> deactivate(@RequestParam @Pattern(regexp = LANGUAGE) String language) {
		return Map.of("deactivated", this.service.deactivate(language));
	}

	record WordRequest(@NotBlank @Size(max = 100) String word, @NotBlank @Pattern(regexp = LANGUAGE) String language) {
	}

	record WordResponse(long id, String word, String language, boolean active) {

		static WordResponse of(ProfanityWord word) {
			return new WordResponse(word.getId(), word.getWord(), word.getLanguage(), word.isActive());
		}

	}

}
