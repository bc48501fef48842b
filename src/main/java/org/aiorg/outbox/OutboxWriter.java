package org.aiorg.outbox;

import java.time.InstantSource;
import org.aiorg.task.Task;
import org.aiorg.task.TaskChanged;
import org.aiorg.task.TaskCreated;
import org.aiorg.task.TaskDeleted;
import org.aiorg.tenant.TenantId;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes one outbox row per task change. A plain {@code @EventListener}: the task events are
 * published inside the writing transaction and this runs synchronously there, on the same
 * connection, so the row commits or rolls back with the change. Always on, whether or not
 * Neo4j is configured: the outbox is how other processes learn of changes.
 */
@Component
class OutboxWriter {

    private static final String INSERT =
            "INSERT INTO outbox (tenant_id, kind, task_id, payload, created_at) VALUES (?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final InstantSource clock;

    OutboxWriter(JdbcClient jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(TaskCreated e) {
        insert(e.tenant(), OutboxKind.TASK_CREATED, e.task().id(), node(e.task(), null));
    }

    @EventListener
    void on(TaskChanged e) {
        insert(e.tenant(), OutboxKind.TASK_CHANGED, e.task().id(), node(e.task(), e.previousStatus().wire()));
    }

    @EventListener
    void on(TaskDeleted e) {
        insert(e.tenant(), OutboxKind.TASK_DELETED, e.taskId(), OutboxTask.deleted(e.taskId(), e.status().wire()));
    }

    private void insert(TenantId tenant, OutboxKind kind, String taskId, OutboxTask payload) {
        jdbc.sql(INSERT)
                .params(tenant.value(), kind.wire(), taskId, OutboxJson.write(payload), clock.millis())
                .update();
    }

    private static OutboxTask node(Task t, String previousStatus) {
        return new OutboxTask(t.id(), t.description(), t.status().wire(), t.estValue(), t.tokensPlan(), t.tokensActual(),
                t.purposeRelevance(), t.role() == null ? null : t.role().wire(), t.holdReason(), t.createdAt().toEpochMilli(),
                t.dependsOn(), previousStatus);
    }
}
