package io.memguard.cleanup;

import org.springframework.core.Ordered;

/**
 * One thing Memguard (or the application) can give back when memory runs short. Every
 * bean of this type is run by {@link MemoryCleanup}, in {@link Ordered order}: steps that
 * drop references first, the full collection that reclaims them last.
 */
public interface MemoryCleanupStep extends Ordered {

	/**
	 * Key of the step in the cleanup's report, for example {@code caches}.
	 * @return the step name
	 */
	String name();

	/**
	 * Gives memory back.
	 * @param context why and how hard to clean up
	 * @return what the step did, serialized as JSON in the report (figures before and
	 * after)
	 */
	Object clean(CleanupContext context);

	@Override
	default int getOrder() {
		return 0;
	}

}
