package io.memguard.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The sample's default cursor secret is in its public repository, so anyone can sign
 * cursors with it: a WARN while it is in use, and a refusal to start in production.
 */
@Component
class PublishedCursorSecretCheck implements InitializingBean {

	/** The default of {@code memguard.data.cursor-secret} in {@code application.yml}. */
	static final String PUBLISHED_SECRET = "sample-cursor-secret-change-me-0123456789";

	private static final Log logger = LogFactory.getLog(PublishedCursorSecretCheck.class);

	private final Environment environment;

	PublishedCursorSecretCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (!PUBLISHED_SECRET.equals(this.environment.getProperty("memguard.data.cursor-secret"))) {
			return;
		}
		String problem = "memguard.data.cursor-secret is the sample's published default, with which anyone can "
				+ "sign cursors; set MEMGUARD_CURSOR_SECRET to a secret of your own (32 characters or more)";
		if (this.environment.acceptsProfiles(Profiles.of("prod", "production"))) {
			throw new IllegalStateException(problem);
		}
		logger.warn(problem);
	}

}
