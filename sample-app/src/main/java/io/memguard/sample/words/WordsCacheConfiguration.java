package io.memguard.sample.words;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * Switches Spring's caching on: Boot's Caffeine cache manager, tuned per cache by
 * {@code memguard.cache.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class WordsCacheConfiguration {

}
