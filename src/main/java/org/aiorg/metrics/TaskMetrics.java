package org.aiorg.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.task.TaskCreated;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code ai_tasks{tenant,status}} and {@code ai_task_creations_total{tenant}}. The gauge is read
 * from the database on a timer rather than counted from events, so that it stays right when
 * other processes (workers) change tasks too.
 */
@Component
class TaskMetrics {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

    private final MeterRegistry registry;
    private final Tasks tasks;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<String, Counter> created = new ConcurrentHashMap<>();

    TaskMetrics(MeterRegistry registry, Tasks tasks) {
        this.registry = registry;
        this.tasks = tasks;
    }

    /** After commit: a rolled-back creation is not counted. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskCreated event) {
        created.computeIfAbsent(event.tenant().value(), tenant -> Counter.builder("ai.task.creations")
                .description("Tasks created (not ai_tasks_created: Prometheus reserves the _created suffix)")
                .tag("tenant", tenant).register(registry)).increment();
    }

    @Scheduled(fixedDelayString = "${aiorg.metrics.refresh:5s}", initialDelay = 0)
    void refresh() {
        try {
            Map<String, Map<TaskStatus, Long>> counts = tasks.countsAllTenants();
            gauges.forEach((key, holder) -> holder.set(0));
            counts.forEach((tenant, byStatus) -> {
                for (TaskStatus status : TaskStatus.values()) {
                    gauge(tenant, status).set(byStatus.getOrDefault(status, 0L));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not refresh task counts: {}", e.getMessage());
        }
    }

    private AtomicLong gauge(String tenant, TaskStatus status) {
        return gauges.computeIfAbsent(tenant + "|" + status.wire(), k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("ai.tasks", holder, AtomicLong::doubleValue).description("Tasks by tenant and status")
                    .tag("tenant", tenant).tag("status", status.wire()).register(registry);
            return holder;
        });
    }
}
