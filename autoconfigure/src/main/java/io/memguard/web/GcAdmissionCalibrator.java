package io.memguard.web;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Feeds the heap in use after each garbage collection to the {@link AdmissionController},
 * straight from the GC notifications.
 */
public class GcAdmissionCalibrator implements NotificationListener, InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(GcAdmissionCalibrator.class);

	private final AdmissionController controller;

	private final Set<String> heapPools = new HashSet<>();

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	public GcAdmissionCalibrator(AdmissionController controller) {
		this.controller = controller;
	}

	@Override
	public void afterPropertiesSet() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				this.heapPools.add(pool.getName());
			}
		}
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this, null, null);
				this.emitters.add(emitter);
			}
		}
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
			.from((CompositeData) notification.getUserData());
		Map<String, MemoryUsage> afterGc = info.getGcInfo().getMemoryUsageAfterGc();
		long used = 0;
		boolean sawHeap = false;
		for (Map.Entry<String, MemoryUsage> pool : afterGc.entrySet()) {
			if (this.heapPools.contains(pool.getKey())) {
				used += pool.getValue().getUsed();
				sawHeap = true;
			}
		}
		// ZGC and Shenandoah pause notifications carry no pool data: nothing to learn
		if (sawHeap && used > 0) {
			this.controller.calibrate(used, info.getGcAction().contains("major"));
			if (logger.isDebugEnabled()) {
				logger.debug(String.format(
						"%s (%s): %d MB used after GC; live baseline %d MB, budget %d MB, reserved %d MB, cost factor %.2f",
						info.getGcName(), info.getGcAction(), used >> 20, this.controller.liveBaseline() >> 20,
						this.controller.budget() >> 20, this.controller.reservedBytes() >> 20,
						this.controller.costFactor()));
			}
		}
	}

	@Override
	public void destroy() {
		for (NotificationEmitter emitter : this.emitters) {
			try {
				emitter.removeNotificationListener(this);
			}
			catch (ListenerNotFoundException ex) {
				// already gone
			}
		}
		this.emitters.clear();
	}

}
