package io.memguard.dropin.liquibase;

import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PetController {

	private final PetRepository pets;

	PetController(PetRepository pets) {
		this.pets = pets;
	}

	@GetMapping("/pets")
	List<String> pets() {
		return this.pets.findAll(Sort.by("id")).stream().map(Pet::getName).toList();
	}

}
