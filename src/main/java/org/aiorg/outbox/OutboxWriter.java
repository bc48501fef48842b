package org.aiorg.outbox;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.aiorg.common.ProcessIdentity;
import org.aiorg.db.Tx;
import org.aiorg.task.Task;
import org.aiorg.task.TaskChanged;
import org.aiorg.task.TaskCreated;
import org.aiorg.task.TaskDeleted;
import org.aiorg.tenant.TenantId;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes one outbox row per task change. A plain {@code @EventListener}: the task events are
 * published inside the writing transaction and this runs synchronously there, so the row commits
 * or rolls back with the change. Within a transaction the rows are collected and inserted as one
 * JDBC batch just before it commits (a worker's batch of 500 outcomes is one round trip, not
 * 500), in the order of the changes. Always on, whether or not Neo4j is configured: the outbox is
 * how other processes learn of changes.
 */
@Component
class OutboxWriter {

    private static final String INSERT =
            "INSERT INTO outbox (tenant_id, kind, task_id, payload, created_at, origin) VALUES (?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final InstantSource clock;

    OutboxWriter(DataSource dataSource, InstantSource clock) {
        this.jdbc = new JdbcTemplate(dataSource);
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
        Object[] row = {tenant.value(), kind.wire(), taskId, OutboxJson.write(payload), clock.millis(), ProcessIdentity.ID};
        Rows rows = Tx.buffer(this, Tx.FLUSH_EARLY, Rows::new);
        if (rows == null) {
            jdbc.update(INSERT, row);
        } else {
            rows.add(row);
        }
    }

    /** A transaction's outbox rows, inserted in one batch before it commits. */
    private final class Rows implements Tx.BeforeCommit {
        private final List<Object[]> rows = new ArrayList<>();

        void add(Object[] row) {
            rows.add(row);
        }

        @Override
        public void flush() {
            jdbc.batchUpdate(INSERT, rows);
        }
    }

    private static OutboxTask node(Task t, String previousStatus) {
        return new OutboxTask(t.id(), t.description(), t.status().wire(), t.estValue(), t.tokensPlan(), t.tokensActual(),
                t.purposeRelevance(), t.role() == null ? null : t.role().wire(), t.holdReason(), t.createdAt().toEpochMilli(),
                t.dependsOn(), previousStatus);
    }
}
