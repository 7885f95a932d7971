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

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Feeds the heap in use after each garbage collection to the {@link AdmissionController},
 * straight from the GC notifications.
 */
public class GcAdmissionCalibrator implements NotificationListener, InitializingBean, DisposableBean {

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
			this.controller.calibrate(used);
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
