package io.memguard.data;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

import io.memguard.data.guard.EntityLoadGuard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Appends the {@link EntityLoadGuard} to the post-load listeners of every Hibernate
 * entity manager factory, once they are all built.
 */
class EntityLoadGuardRegistrar implements SmartInitializingSingleton {

	private final EntityLoadGuard guard;

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	EntityLoadGuardRegistrar(EntityLoadGuard guard, ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.guard = guard;
		this.entityManagerFactories = entityManagerFactories;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.entityManagerFactories.orderedStream()
			.map((factory) -> factory.unwrap(SessionFactoryImplementor.class))
			.forEach((factory) -> factory.getServiceRegistry()
				.requireService(EventListenerRegistry.class)
				.appendListeners(EventType.POST_LOAD, this.guard));
	}

}
