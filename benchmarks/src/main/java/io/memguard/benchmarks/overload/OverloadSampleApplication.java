package io.memguard.benchmarks.overload;

import io.memguard.sample.SampleApplication;

import org.springframework.boot.SpringApplication;

/**
 * Starts the sample app as it is, plus the harness's Gradient2 filter when
 * {@value Gradient2FilterConfiguration#ENABLED_PROPERTY} is set: the main class of the
 * app JVMs the harness forks.
 */
public final class OverloadSampleApplication {

	private OverloadSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { SampleApplication.class, Gradient2FilterConfiguration.class }, args);
	}

}
