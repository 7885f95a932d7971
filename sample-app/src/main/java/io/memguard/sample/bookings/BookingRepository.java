package io.memguard.sample.bookings;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/**
 * Bookings: pages (inherited), keyset windows (specifications), a stream for exports and
 * batches for jobs.
 */
public interface BookingRepository extends JpaRepository<Booking, Long>, JpaSpecificationExecutor<Booking> {

	Stream<Booking> streamAllByOrderById();

	@Query("select b from Booking b where b.id > :afterId order by b.id")
	List<Booking> findBatch(long afterId, Limit limit);

}
