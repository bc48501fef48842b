package org.aiorg.task;

import java.util.List;
import java.util.Set;

/**
 * Changes to a task, validated. {@code present} names the fields the client sent, so that an
 * explicit {@code null} (clear the owner, the role) differs from an absent field.
 */
public record TaskPatch(
        Set<String> present,
        TaskStatus status,
        String description,
        String owner,
        Double estValue,
        Double tokensPlan,
        Double tokensActual,
        Double purposeRelevance,
        Role role,
        List<String> dependsOn) {

    public boolean has(String field) {
        return present.contains(field);
    }

    public static TaskPatch status(TaskStatus status) {
        return new TaskPatch(Set.of("status"), status, null, null, null, null, null, null, null, null);
    }
}
