package io.memguard.sample.bookings;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs a bookings job as a management command, after seeding:
 * {@code java -jar memguard-sample-app.jar --sample.job=expire-pending --batch-size=1000 [--after=ID]}.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
class BookingJobRunner implements ApplicationRunner {

	private final BookingJobs jobs;

	BookingJobRunner(BookingJobs jobs) {
		this.jobs = jobs;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> job = args.getOptionValues("sample.job");
		if (job == null || job.isEmpty()) {
			return;
		}
		if (!job.get(0).equals("expire-pending")) {
			throw new IllegalArgumentException("Unknown job '" + job.get(0) + "'; the sample has 'expire-pending'");
		}
		this.jobs.expirePending(intOption(args, "batch-size", 500), longOption(args, "after"));
	}

	private static int intOption(ApplicationArguments args, String name, int defaultValue) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? Integer.parseInt(values.get(0)) : defaultValue;
	}

	private static Long longOption(ApplicationArguments args, String name) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? Long.valueOf(values.get(0)) : null;
	}

}
