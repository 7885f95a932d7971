package io.memguard.data.testapp;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ReadingRepository extends JpaRepository<Reading, Long> {

	Window<Reading> findBySensor(String sensor, ScrollPosition position, Sort sort, Limit limit);

	Stream<Reading> streamAllByOrderById();

	@Query("""
			select r from Reading r where r.sensor = :sensor
			and (r.recordedAt > :recordedAt or (r.recordedAt = :recordedAt and r.id > :id))
			order by r.recordedAt, r.id""")
	List<Reading> findAfter(String sensor, Instant recordedAt, long id, Limit limit);

	@Query("""
			select r from Reading r where r.sensor = :sensor
			and (r.recordedAt < :recordedAt or (r.recordedAt = :recordedAt and r.id < :id))
			order by r.recordedAt desc, r.id desc""")
	List<Reading> findBefore(String sensor, Instant recordedAt, long id, Limit limit);

	@Query("select r from Reading r where r.sensor = :sensor order by r.recordedAt, r.id")
	List<Reading> findFirst(String sensor, Limit limit);

}
