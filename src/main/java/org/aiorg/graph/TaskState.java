package org.aiorg.graph;

/** Where a task stands after analysis. READY, WAITING and BLOCKED split the todo tasks. */
public enum TaskState {
    /** Todo, not held, every dependency done (or none). */
    READY,
    /** Todo, not blocked, some dependency not done yet. */
    WAITING,
    /** Todo and cannot start without human action: held, or blocked by a failed task. */
    BLOCKED,
    DOING,
    DONE,
    FAILED
}
