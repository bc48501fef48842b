package org.aiorg.outbox;

/**
 * One outbox row.
 *
 * @param id        ever-increasing (never reused); consumers remember the last one they applied
 * @param createdAt epoch milliseconds, when the change was written
 * @param origin    the process that wrote it ({@link org.aiorg.common.ProcessIdentity}); null for rows older than the column
 */
public record OutboxEntry(long id, String tenant, OutboxKind kind, String taskId, String payload, long createdAt, String origin) {

    /** The payload as a record. */
    public OutboxTask task() {
        return OutboxJson.read(payload);
    }
}
