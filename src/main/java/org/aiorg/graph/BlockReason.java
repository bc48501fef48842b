package org.aiorg.graph;

/** Why a todo task cannot start without human action. */
public enum BlockReason {
    /** The task itself is held back (e.g. budget_exhausted) and no failed task blocks it. */
    HELD,
    /**
     * A failed task blocks it: a dependency is FAILED, or is a todo task that is itself blocked by a failed
     * task (see {@link GraphAnalyzer}). The task may be held as well; releasing the hold alone would not help.
     */
    DEPENDENCY_FAILED
}
