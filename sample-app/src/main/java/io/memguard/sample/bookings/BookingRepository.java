package io.memguard.sample.bookings;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Bookings: pages (inherited), keyset windows, a stream for exports and batches for jobs.
 */
public interface BookingRepository extends JpaRepository<Booking, Long> {

	Window<Booking> findBy(ScrollPosition position, Sort sort, Limit limit);

	Stream<Booking> streamAllByOrderById();

	@Query("select b from Booking b where b.id > :afterId order by b.id")
	List<Booking> findBatch(long afterId, Limit limit);

}
