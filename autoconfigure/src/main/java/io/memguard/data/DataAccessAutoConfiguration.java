package io.memguard.data;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.http.HttpServletResponse;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import io.memguard.data.batch.BatchProgressListener;
import io.memguard.data.batch.KeysetBatchProcessor;
import io.memguard.data.export.StreamingExporter;
import io.memguard.data.guard.EntityLoadGuard;
import io.memguard.data.guard.EntityLoadGuardFilter;
import io.memguard.data.page.CursorCodec;
import io.memguard.data.page.CursorQuery;
import io.memguard.data.page.KeysetKeysRepositoryPostProcessor;
import io.memguard.data.page.PageQuery;
import io.memguard.data.page.PageQueryArgumentResolver;
import io.memguard.data.page.PaginationWebMvcConfigurer;
import io.memguard.data.page.SortIndexCheck;
import io.memguard.actuate.ConditionalOnMemoryEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Auto-configuration of pagination ({@link PageQuery}, {@link CursorQuery}), streaming
 * exports ({@link StreamingExporter}), batch jobs ({@link KeysetBatchProcessor}) and the
 * {@link EntityLoadGuard}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "memguard.enabled", matchIfMissing = true)
@ConditionalOnClass(Pageable.class)
@EnableConfigurationProperties(MemguardDataProperties.class)
public final class DataAccessAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class PaginationWebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CursorCodec memguardCursorCodec(MemguardDataProperties properties) {
			String secret = properties.getCursorSecret();
			if (secret == null || secret.isEmpty()) {
				return CursorCodec.withRandomSecret();
			}
			return CursorCodec.withSecret(secret);
		}

		@Bean
		@ConditionalOnMissingBean
		PageQueryArgumentResolver memguardPageQueryArgumentResolver(MemguardDataProperties properties,
				CursorCodec cursorCodec) {
			MemguardDataProperties.Page page = properties.getPage();
			return new PageQueryArgumentResolver(page.getDefaultSize(), page.getMaxSize(), cursorCodec);
		}

		@Bean
		PaginationWebMvcConfigurer memguardPaginationWebMvcConfigurer(PageQueryArgumentResolver resolver) {
			return new PaginationWebMvcConfigurer(resolver);
		}

		@Bean
		DataProblemDetailsExceptionHandler memguardDataProblemDetailsExceptionHandler() {
			return new DataProblemDetailsExceptionHandler();
		}

		@Bean
		CursorSecretWarning memguardCursorSecretWarning(ObjectProvider<CursorCodec> codec,
				ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings) {
			return new CursorSecretWarning(codec, handlerMappings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionFactoryImplementor.class)
	@ConditionalOnBean({ EntityManagerFactory.class, PlatformTransactionManager.class })
	static class JpaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EntityLoadGuard memguardEntityLoadGuard(MemguardDataProperties properties) {
			return new EntityLoadGuard(properties.getMaxEntitiesPerRequest(), properties.getGuardMode());
		}

		@Bean
		EntityLoadGuardRegistrar memguardEntityLoadGuardRegistrar(EntityLoadGuard guard,
				ObjectProvider<EntityManagerFactory> entityManagerFactories) {
			return new EntityLoadGuardRegistrar(guard, entityManagerFactories);
		}

		// Helpers and the endpoint section are created when first injected: an
		// application that uses none of them pays nothing for them at startup
		@Bean
		@Lazy
		@ConditionalOnMissingBean
		KeysetBatchProcessor memguardKeysetBatchProcessor(PlatformTransactionManager transactionManager,
				ObjectProvider<EntityManagerFactory> entityManagerFactory,
				ObjectProvider<BatchProgressListener> listeners, EntityLoadGuard guard,
				MemguardDataProperties properties) {
			return new KeysetBatchProcessor(transactionManager, entityManagerFactory.getIfUnique(),
					listeners.orderedStream().toList(), properties.getBatch().getLogEvery(), guard);
		}

		@Bean
		@Lazy
		@ConditionalOnMissingBean
		@ConditionalOnMemoryEndpoint
		DataMemorySection memguardDataMemorySection(EntityLoadGuard guard, ObjectProvider<SortIndexCheck> indexCheck) {
			return new DataMemorySection(guard, indexCheck.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ SessionFactoryImplementor.class, RequestMappingHandlerMapping.class })
	@ConditionalOnBean({ EntityManagerFactory.class, DataSource.class })
	static class SortIndexCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SortIndexCheck memguardSortIndexCheck(ObjectProvider<RequestMappingHandlerMapping> handlerMappings,
				EntityManagerFactory entityManagerFactory, DataSource dataSource, MemguardDataProperties properties) {
			return new SortIndexCheck(handlerMappings, entityManagerFactory, dataSource, properties.getIndexCheck());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SessionFactoryImplementor.class, RepositoryFactoryBeanSupport.class })
	static class KeysetKeysConfiguration {

		@Bean
		static KeysetKeysRepositoryPostProcessor memguardKeysetKeysRepositoryPostProcessor(
				ObjectProvider<EntityManagerFactory> entityManagerFactory) {
			return new KeysetKeysRepositoryPostProcessor(entityManagerFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SessionFactoryImplementor.class, HttpServletResponse.class, JsonMapper.class })
	@ConditionalOnBean({ EntityManagerFactory.class, PlatformTransactionManager.class })
	static class ExportConfiguration {

		@Bean
		@Lazy
		@ConditionalOnMissingBean
		StreamingExporter memguardStreamingExporter(PlatformTransactionManager transactionManager,
				EntityManagerFactory entityManagerFactory, ObjectProvider<JsonMapper> jsonMapper,
				ObjectProvider<EntityLoadGuard> guard, MemguardDataProperties properties) {
			MemguardDataProperties.Export export = properties.getExport();
			return new StreamingExporter(transactionManager, entityManagerFactory,
					jsonMapper.getIfAvailable(JsonMapper::shared), export.getFetchSize(), export.getClearEvery(),
					guard.getIfAvailable(), export.isNeutralizeCsvFormulas());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ SessionFactoryImplementor.class, FilterRegistrationBean.class })
	@ConditionalOnBean({ EntityManagerFactory.class, PlatformTransactionManager.class })
	static class EntityLoadGuardFilterConfiguration {

		@Bean
		FilterRegistrationBean<EntityLoadGuardFilter> memguardEntityLoadGuardFilter(EntityLoadGuard guard) {
			FilterRegistrationBean<EntityLoadGuardFilter> registration = new FilterRegistrationBean<>(
					new EntityLoadGuardFilter(guard));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HibernatePropertiesCustomizer.class)
	static class HibernateConfiguration {

		@Bean
		HibernatePropertiesCustomizer memguardPaginationHibernatePropertiesCustomizer() {
			return (hibernateProperties) -> hibernateProperties
				.putIfAbsent(QuerySettings.FAIL_ON_PAGINATION_OVER_COLLECTION_FETCH, "true");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DataMetrics memguardDataMetrics(ObjectProvider<EntityLoadGuard> guard) {
			return new DataMetrics(guard.getIfAvailable());
		}

	}

}
