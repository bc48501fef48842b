package org.aiorg.outbox;

/** What happened to the task of an outbox row. */
public enum OutboxKind {
    TASK_CREATED,
    TASK_CHANGED,
    TASK_DELETED;

    /** The value stored in {@code outbox.kind}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static OutboxKind parse(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
