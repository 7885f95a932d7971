package io.memguard.data;

import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.memguard.data.page.CursorCodec;
import io.memguard.data.page.CursorQuery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Warns at startup that cursors are signed with a random secret, and so break across
 * restarts and instances, but only when a controller method takes a {@link CursorQuery}:
 * an application that serves no cursors has nothing to fix.
 */
class CursorSecretWarning implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(CursorSecretWarning.class);

	private final ObjectProvider<CursorCodec> codec;

	private final ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings;

	CursorSecretWarning(ObjectProvider<CursorCodec> codec,
			ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings) {
		this.codec = codec;
		this.handlerMappings = handlerMappings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		CursorCodec codec = this.codec.getIfUnique();
		if (codec != null && codec.signsWithRandomSecret() && controllersTakeCursors()) {
			logger.warn("memguard.data.cursor-secret is not set: cursors are signed with a random secret and break "
					+ "across restarts and instances; set a secret of at least " + CursorCodec.MIN_SECRET_LENGTH
					+ " characters");
		}
	}

	private boolean controllersTakeCursors() {
		return this.handlerMappings.orderedStream()
			.flatMap((mapping) -> mapping.getHandlerMethods().values().stream())
			.flatMap((handler) -> Arrays.stream(handler.getMethodParameters()))
			.anyMatch((parameter) -> parameter.getParameterType() == CursorQuery.class);
	}

}
