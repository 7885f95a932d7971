package io.memguard.data.page;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@link PageQueryArgumentResolver}.
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

}
