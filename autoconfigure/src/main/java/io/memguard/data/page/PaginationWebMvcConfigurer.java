package io.memguard.data.page;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@link PageQueryArgumentResolver} and the problem+json answers to bad
 * page parameters and exceeded entity limits.
 */
public class PaginationWebMvcConfigurer implements WebMvcConfigurer {

	private final PageQueryArgumentResolver resolver;

	/**
	 * Creates a new instance.
	 * @param resolver the argument resolver
	 */
	public PaginationWebMvcConfigurer(PageQueryArgumentResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this.resolver);
	}

	@Override
	public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
		resolvers.add(0, new DataProblemExceptionResolver());
	}

}
