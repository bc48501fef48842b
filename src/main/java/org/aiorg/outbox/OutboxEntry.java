package org.aiorg.outbox;

/**
 * One outbox row.
 *
 * @param id        ever-increasing (never reused); consumers remember the last one they applied
 * @param createdAt epoch milliseconds, when the change was written
 */
public record OutboxEntry(long id, String tenant, OutboxKind kind, String taskId, String payload, long createdAt) {

    /** The payload as a record. */
    public OutboxTask task() {
        return OutboxJson.read(payload);
    }
}
