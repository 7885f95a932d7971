package io.memguard.dropin.sqlinit;

import java.util.List;

import io.memguard.data.page.PageQuery;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pages owners with Memguard's {@link PageQuery}: the data helpers are in use, cursors
 * are not.
 */
@RestController
class OwnerController {

	private final OwnerRepository owners;

	OwnerController(OwnerRepository owners) {
		this.owners = owners;
	}

	@GetMapping("/owners")
	List<String> owners(PageQuery query) {
		return this.owners.findAll(query.toPageable()).map(Owner::getName).getContent();
	}

}
