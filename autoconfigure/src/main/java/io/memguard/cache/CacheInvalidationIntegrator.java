package io.memguard.cache;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;

/**
 * Registers the {@link EntityChangeInvalidationListener} with Hibernate's event system.
 */
class CacheInvalidationIntegrator implements Integrator {

	private final EntityChangeInvalidationListener listener;

	CacheInvalidationIntegrator(EntityChangeInvalidationListener listener) {
		this.listener = listener;
	}

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
			SessionFactoryImplementor sessionFactory) {
		EventListenerRegistry registry = sessionFactory.getServiceRegistry()
			.requireService(EventListenerRegistry.class);
		registry.appendListeners(EventType.POST_INSERT, this.listener);
		registry.appendListeners(EventType.POST_UPDATE, this.listener);
		registry.appendListeners(EventType.POST_DELETE, this.listener);
	}

}
