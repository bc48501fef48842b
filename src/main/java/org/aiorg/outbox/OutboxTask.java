package org.aiorg.outbox;

import java.util.List;

/**
 * The task as an outbox row carries it: the graph node's fields and its full list of
 * dependencies, so that applying the last row of a task gives its current state whatever came
 * before. For a deleted task only {@code id} and {@code status} (the status it had) are set.
 * JSON keys are the Neo4j property names: {@code label}, {@code business_value}, ...
 *
 * @param createdAt      epoch milliseconds
 * @param previousStatus for {@code task_changed}: the status before the change (else null)
 */
public record OutboxTask(
        String id,
        String label,
        String status,
        double businessValue,
        double tokensPlan,
        double tokensActual,
        double purposeRelevance,
        String role,
        String holdReason,
        long createdAt,
        List<String> dependsOn,
        String previousStatus) {

    static OutboxTask deleted(String id, String status) {
        return new OutboxTask(id, null, status, 0, 0, 0, 0, null, null, 0, List.of(), null);
    }
}
