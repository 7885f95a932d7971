package io.memguard.websocket;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.unit.DataSize;
import org.springframework.web.context.ServletContextAware;

/**
 * Sets the servlet container's largest accepted text and binary WebSocket message, the
 * way Spring's {@code ServletServerContainerFactoryBean} does, for applications that
 * define none. A message over the limit closes its session with {@code 1009} instead of
 * being buffered. Does nothing where the servlet context has no WebSocket container.
 */
public class WebSocketContainerLimits implements ServletContextAware {

	private static final Log logger = LogFactory.getLog(WebSocketContainerLimits.class);

	private final int maxTextMessageSize;

	private final int maxBinaryMessageSize;

	/**
	 * Creates the limits.
	 * @param maxTextMessageSize the largest text message
	 * @param maxBinaryMessageSize the largest binary message
	 */
	public WebSocketContainerLimits(DataSize maxTextMessageSize, DataSize maxBinaryMessageSize) {
		this.maxTextMessageSize = (int) maxTextMessageSize.toBytes();
		this.maxBinaryMessageSize = (int) maxBinaryMessageSize.toBytes();
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		if (!(servletContext.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container)) {
			logger.debug("No WebSocket container in the servlet context; message size limits left to the container");
			return;
		}
		container.setDefaultMaxTextMessageBufferSize(this.maxTextMessageSize);
		container.setDefaultMaxBinaryMessageBufferSize(this.maxBinaryMessageSize);
	}

	/**
	 * The largest text message.
	 * @return the size in bytes
	 */
	public int maxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	/**
	 * The largest binary message.
	 * @return the size in bytes
	 */
	public int maxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

}
