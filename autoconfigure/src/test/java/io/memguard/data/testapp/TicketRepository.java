package io.memguard.data.testapp;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TicketRepository extends JpaRepository<Ticket, Long> {

	Slice<Ticket> findAllBy(Pageable pageable);

	Window<Ticket> findBy(ScrollPosition position, Sort sort, Limit limit);

	Stream<Ticket> streamAllByOrderById();

	@Query("select t from Ticket t where t.id > :afterId order by t.id")
	List<Ticket> findBatch(long afterId, Limit limit);

}
