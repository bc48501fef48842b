package org.aiorg.worker;

import org.aiorg.task.ClaimedTask;
import org.aiorg.task.TaskOutcome;

/**
 * How one execution ended, with what its budget reservation needs: the outcome is written and
 * the reservation settled (or released) together by the {@link OutcomeWriter}.
 */
record Finished(ClaimedTask claimed, TaskOutcome outcome, BudgetAction budget, long startedNanos) {

    /** What to do with the execution's reservation. */
    record BudgetAction(Kind kind, String reservationId, Long inputTokens, Long outputTokens) {

        enum Kind { NONE, SETTLE, RELEASE }

        static final BudgetAction NONE = new BudgetAction(Kind.NONE, null, null, null);

        /** Charge the reported usage (nulls: usage unknown, charge the whole reservation). */
        static BudgetAction settle(String id, Long in, Long out) {
            return new BudgetAction(Kind.SETTLE, id, in, out);
        }

        static BudgetAction release(String id) {
            return new BudgetAction(Kind.RELEASE, id, null, null);
        }
    }
}
