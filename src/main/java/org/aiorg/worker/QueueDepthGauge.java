package org.aiorg.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.task.Role;
import org.aiorg.task.TaskExecutions;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code ai_task_queue_depth{tenant,role}}: ready tasks waiting for a worker of that role, read
 * from the database on a timer so that every process reports the same figure.
 */
@Component
class QueueDepthGauge {

    private static final Logger log = LoggerFactory.getLogger(QueueDepthGauge.class);

    private final MeterRegistry registry;
    private final TaskExecutions executions;
    private final Tenants tenants;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    QueueDepthGauge(MeterRegistry registry, TaskExecutions executions, Tenants tenants) {
        this.registry = registry;
        this.executions = executions;
        this.tenants = tenants;
    }

    @Scheduled(fixedDelayString = "${aiorg.metrics.refresh:5s}", initialDelay = 0)
    void refresh() {
        try {
            Map<TenantId, Map<Role, Long>> ready = executions.readyCounts();
            gauges.values().forEach(g -> g.set(0));
            // Every tenant's queues are exported, empty ones at 0: a dashboard shows an empty queue, not no data.
            for (Tenant t : tenants.all()) {
                Map<Role, Long> byRole = ready.getOrDefault(t.id(), Map.of());
                for (Role role : Role.values()) {
                    gauge(t.id().value(), role).set(byRole.getOrDefault(role, 0L));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh the queue depth: {}", e.getMessage());
        }
    }

    private AtomicLong gauge(String tenant, Role role) {
        return gauges.computeIfAbsent(tenant + "|" + role.wire(), k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("ai.task.queue.depth", holder, AtomicLong::doubleValue)
                    .description("Ready tasks (dependencies done, not held) waiting for a worker of the role")
                    .tag("tenant", tenant).tag("role", role.wire()).register(registry);
            return holder;
        });
    }
}
