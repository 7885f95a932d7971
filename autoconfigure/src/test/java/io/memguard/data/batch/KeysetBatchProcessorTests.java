package io.memguard.data.batch;

import java.util.ArrayList;
import java.util.List;

import io.memguard.data.DataAccessAutoConfiguration;
import io.memguard.data.testapp.JpaTestConfiguration;
import io.memguard.data.testapp.TestTables;
import io.memguard.data.testapp.Ticket;
import io.memguard.data.testapp.TicketRepository;
import io.memguard.test.postgres.PostgresDatabase;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch jobs over a real PostgreSQL table: progress, failure with the batches before it
 * kept, and resume. The entity guard is strict (100 per transaction, fail) to show that
 * jobs, whose batches are bounded by their size, are left out of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeysetBatchProcessorTests {

	private static final int ROWS = 3_000;

	@RegisterExtension
	static PostgresDatabase postgres = new PostgresDatabase();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataAccessAutoConfiguration.class))
		.withConfiguration(JpaTestConfiguration.JPA)
		.withUserConfiguration(JpaTestConfiguration.class, RecordingListener.class)
		.withPropertyValues(postgres.get().springProperties())
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none", "memguard.data.batch.log-every=3",
				"memguard.data.max-entities-per-request=100", "memguard.data.guard-mode=fail");

	private final JdbcTemplate jdbc = new JdbcTemplate(postgres.get().unpooledDataSource());

	@BeforeEach
	void createTickets() {
		this.jdbc.execute("drop table if exists ticket");
		TestTables.createTickets(postgres.get().unpooledDataSource(), ROWS);
	}

	@Test
	void archivesEveryRowInBatchesReportingProgress(CapturedOutput output) {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("memguardDataMetrics", MeterBinder.class).bindTo(registry);
			BatchResult<Long> result = context.getBean(KeysetBatchProcessor.class)
				.run(archive(context.getBean(TicketRepository.class), -1));
			assertThat(result.completed()).isTrue();
			assertThat(result.batches()).isEqualTo(10);
			assertThat(result.items()).isEqualTo(ROWS);
			assertThat(result.lastCommittedKey()).isEqualTo(ROWS);
			assertThat(context.getBean(RecordingListener.class).committed).hasSize(10).containsOnly(300);
			assertThat(registry.get("memguard.data.batch.items").tag("job", "archive").counter().count())
				.isEqualTo(ROWS);
		});
		assertThat(archived()).isEqualTo(ROWS);
		assertThat(output).contains("Batch job 'archive': 3 batches, 900 items, up to key 900")
			.contains("Batch job 'archive': 9 batches, 2700 items, up to key 2700")
			.doesNotContain("Batch job 'archive': 10 batches")
			.contains("Batch job 'archive' completed: 10 batches, 3000 items committed in ");
	}

	@Test
	void reportsAFailedBatchWithItsKeyRangeKeepsEarlierBatchesAndResumes(CapturedOutput output) {
		this.runner.run((context) -> {
			KeysetBatchProcessor processor = context.getBean(KeysetBatchProcessor.class);
			TicketRepository tickets = context.getBean(TicketRepository.class);
			BatchResult<Long> failed = processor.run(archive(tickets, 1350));
			assertThat(failed.completed()).isFalse();
			assertThat(failed.batches()).isEqualTo(4);
			assertThat(failed.lastCommittedKey()).isEqualTo(1200);
			assertThat(failed.failure().batch()).isEqualTo(5);
			assertThat(failed.failure().firstKey()).isEqualTo(1201);
			assertThat(failed.failure().lastKey()).isEqualTo(1500);
			assertThat(failed.failure().cause()).hasMessage("ticket 1350 cannot be archived");
			assertThat(archived()).isEqualTo(1200);
			BatchResult<Long> resumed = processor.run(archive(tickets, -1), failed.lastCommittedKey());
			assertThat(resumed.completed()).isTrue();
			assertThat(resumed.batches()).isEqualTo(6);
			assertThat(resumed.items()).isEqualTo(1800);
		});
		assertThat(archived()).isEqualTo(ROWS);
		assertThat(output).contains("Batch job 'archive' FAILED: 4 batches, 1200 items committed in ")
			.contains("batch 5 (keys 1201..1500) was rolled back; resume after key 1200");
	}

	@Test
	void commitsEachBatchOnItsOwnWhenCalledInsideATransaction() {
		this.runner.run((context) -> {
			KeysetBatchProcessor processor = context.getBean(KeysetBatchProcessor.class);
			TicketRepository tickets = context.getBean(TicketRepository.class);
			TransactionTemplate callers = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			BatchResult<Long> failed = callers.execute((status) -> {
				// the caller's own pending change must survive the job
				tickets.findById(2000L).orElseThrow().setArchived(true);
				return processor.run(archive(tickets, 1350));
			});
			assertThat(failed.lastCommittedKey()).isEqualTo(1200);
		});
		assertThat(archived()).isEqualTo(1201);
	}

	@Test
	void stopsASourceThatDoesNotSeekPastTheLastKey() {
		this.runner.run((context) -> {
			TicketRepository tickets = context.getBean(TicketRepository.class);
			BatchJob<Ticket, Long> stuck = archive(tickets, -1)
				.source((afterId, limit) -> tickets.findBatch(0L, Limit.of(limit)));
			BatchResult<Long> result = context.getBean(KeysetBatchProcessor.class).run(stuck);
			assertThat(result.batches()).isEqualTo(1);
			assertThat(result.failure().cause()).hasMessageContaining("returned key 1 after key 300");
		});
	}

	private static BatchJob<Ticket, Long> archive(TicketRepository tickets, long failingId) {
		return BatchJob.<Ticket, Long>named("archive")
			.batchSize(300)
			.source((afterId, limit) -> tickets.findBatch((afterId != null) ? afterId : 0L, Limit.of(limit)))
			.key(Ticket::getId)
			.handler((batch) -> batch.forEach((ticket) -> {
				ticket.setArchived(true);
				if (ticket.getId() == failingId) {
					throw new IllegalStateException("ticket " + failingId + " cannot be archived");
				}
			}));
	}

	private long archived() {
		return this.jdbc.queryForObject("select count(*) from ticket where archived", Long.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingListener implements BatchProgressListener {

		final List<Integer> committed = new ArrayList<>();

		@Override
		public void batchCommitted(String job, int items) {
			this.committed.add(items);
		}

	}

}
