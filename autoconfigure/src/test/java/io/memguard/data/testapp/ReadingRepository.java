package io.memguard.data.testapp;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

public interface ReadingRepository extends JpaRepository<Reading, Long>, JpaSpecificationExecutor<Reading> {

	Stream<Reading> streamAllByOrderById();

	@Query("""
			select r from Reading r where r.sensor = :sensor
			and (r.recordedAt, r.id) > (:recordedAt, :id)
			order by r.recordedAt, r.id""")
	List<Reading> findAfter(String sensor, Instant recordedAt, long id, Limit limit);

	@Query("""
			select r from Reading r where r.sensor = :sensor
			and (r.recordedAt, r.id) < (:recordedAt, :id)
			order by r.recordedAt desc, r.id desc""")
	List<Reading> findBefore(String sensor, Instant recordedAt, long id, Limit limit);

	@Query("select r from Reading r where r.sensor = :sensor order by r.recordedAt, r.id")
	List<Reading> findFirst(String sensor, Limit limit);

}
