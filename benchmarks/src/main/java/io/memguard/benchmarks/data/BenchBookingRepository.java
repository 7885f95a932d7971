package io.memguard.benchmarks.data;

import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/**
 * Offset pages, slices, keyset windows and streams over the benchmark bookings.
 */
public interface BenchBookingRepository
		extends JpaRepository<BenchBooking, Long>, JpaSpecificationExecutor<BenchBooking> {

	Slice<BenchBooking> findAllBy(Pageable pageable);

	Window<BenchBooking> findBy(ScrollPosition position, Sort sort, Limit limit);

	Stream<BenchBooking> streamAllByOrderById();

}
